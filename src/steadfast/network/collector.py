"""The one switch that pauses Python's cyclic garbage collector, for everything in the process.

Imports and traces build many objects that hold no reference cycles (a 100,000-row file keeps a few
million alive; a trace makes tens of thousands); each batch of allocations can set off a collection
that walks every object in the process, and nothing they make waits on it (reference counting
frees it). Pauses nest and overlap (the threads of a gunicorn worker, a trace called inside
another): the collector stays off until the last one ends, and is switched back on only if it was
on when the first began: a gc.disable() made outside this module is left to whoever made it.
"""

from __future__ import annotations

import gc
import threading
from contextlib import ContextDecorator

_lock = threading.Lock()
_depth = 0  # pauses running in this process
_resume = False  # whether the last pause to end switches the collector back on


class _CollectorPause(ContextDecorator):
    def __enter__(self) -> None:
        global _depth, _resume
        with _lock:
            if _depth == 0:
                _resume = gc.isenabled()
                gc.disable()
            _depth += 1

    def __exit__(self, *exc_info) -> None:
        global _depth, _resume
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                _resume = False
                gc.enable()


_PAUSE = _CollectorPause()


def collector_paused() -> _CollectorPause:
    """`with collector_paused():` or `@collector_paused()`: no cyclic collection inside."""
    return _PAUSE
