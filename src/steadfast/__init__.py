"""Steadfast: supplier security, privacy agreements, incidents and continuity on one map of the business."""

__version__ = "0.1.0"
