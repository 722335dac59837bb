"""Small wrappers around highspy: quiet instances and checked solves."""

from __future__ import annotations

import os
import sys
import threading

import highspy

_banner_lock = threading.Lock()
_banner_shown = False


class SolverError(RuntimeError):
    """HiGHS ended with a status that the model says cannot happen."""


def new_highs() -> highspy.Highs:
    """A silent, single-threaded HiGHS instance.

    HiGHS prints its copyright banner straight to file descriptor 1 the first time an
    instance is created in a process, before any option can silence it. The CLI's stdout
    is the CSV result, so the first construction runs with fd 1 pointed at /dev/null.
    """
    global _banner_shown
    with _banner_lock:
        if not _banner_shown:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                with open(os.devnull, "wb") as devnull:
                    os.dup2(devnull.fileno(), 1)
                    h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _banner_shown = True
        else:
            h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    # Fixed seed: the same model and start give the same answer in every process.
    h.setOptionValue("random_seed", 0)
    return h


OPTIMAL = highspy.HighsModelStatus.kOptimal
INFEASIBLE = highspy.HighsModelStatus.kInfeasible
UNBOUNDED = highspy.HighsModelStatus.kUnbounded
UNBOUNDED_OR_INFEASIBLE = highspy.HighsModelStatus.kUnboundedOrInfeasible


# Limits a retry lifts: an unclear status after hitting one says nothing about the LP.
_LIMITS = ("simplex_iteration_limit", "ipm_iteration_limit", "time_limit")
CLEAR = (OPTIMAL, INFEASIBLE, UNBOUNDED)


def option(h: highspy.Highs, name: str):
    """An option's value (highspy returns a (status, value) pair)."""
    status, value = h.getOptionValue(name)
    if status != highspy.HighsStatus.kOk:
        raise KeyError(f"HiGHS has no option {name!r}")
    return value


def solve(h: highspy.Highs, what: str = "LP") -> highspy.HighsModelStatus:
    """Run HiGHS and return a definite status: optimal, infeasible or unbounded.

    A hot start can occasionally stall on a numerically awkward basis, presolve may only
    say "unbounded or infeasible", and an iteration or time limit stops a run without an
    answer; in each case solve once more from scratch, without presolve and without
    limits, before giving up with a :class:`SolverError` that names ``what`` was solved.
    Every option is restored afterwards.
    """
    h.run()
    status = h.getModelStatus()
    if status in CLEAR:
        return status
    first = h.modelStatusToString(status)
    saved = {name: option(h, name) for name in ("presolve", *_LIMITS)}
    h.clearSolver()
    h.setOptionValue("presolve", "off")
    for name, value in _default_limits().items():
        h.setOptionValue(name, value)
    try:
        h.run()
        status = h.getModelStatus()
    finally:
        for name, value in saved.items():
            h.setOptionValue(name, value)
    if status in CLEAR:
        return status
    raise SolverError(f"{what}: HiGHS ended with status {first!r}, and {h.modelStatusToString(status)!r} when "
                      "solved again from scratch without presolve")


_defaults: dict[str, object] = {}


def _default_limits() -> dict[str, object]:
    """HiGHS's own defaults for the limits (read once from a fresh instance)."""
    if not _defaults:
        fresh = new_highs()
        _defaults.update({name: option(fresh, name) for name in _LIMITS})
    return _defaults
