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


def solve(h: highspy.Highs) -> highspy.HighsModelStatus:
    """Run HiGHS and return a definite status: optimal, infeasible or unbounded.

    A hot start can occasionally stall on a numerically awkward basis, and presolve may
    only say "unbounded or infeasible"; in both cases solve once more from scratch
    without presolve before giving up.
    """
    h.run()
    status = h.getModelStatus()
    if status in (OPTIMAL, INFEASIBLE, UNBOUNDED):
        return status
    presolve = h.getOptionValue("presolve")
    h.clearSolver()
    h.setOptionValue("presolve", "off")
    h.run()
    h.setOptionValue("presolve", presolve)
    status = h.getModelStatus()
    if status in (OPTIMAL, INFEASIBLE, UNBOUNDED):
        return status
    raise SolverError(f"HiGHS ended with status {h.modelStatusToString(status)!r}")
