"""The continuity part of the demo organisation (imported only by `steadfast continuity_demo`)."""

from steadfast.continuity.demo.loader import load_continuity_demo

__all__ = ["load_continuity_demo"]
