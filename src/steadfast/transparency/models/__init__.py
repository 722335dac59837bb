"""Transparency: published figures and their signatures, the stakeholder portal, transparency centres.

Each concept has its own module; this package re-exports the models so that Django finds them.
"""
