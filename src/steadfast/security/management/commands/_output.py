"""The base of the security commands: output piped into `head` (or a pager quit early) ends the
command quietly, as `cat` would, instead of a BrokenPipeError traceback."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `cat big | head -1`


class SecurityCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except BrokenPipeError:
            # The reader has gone. If it was the process's standard output, point it at /dev/null so
            # the interpreter's final flush does not fail a second time ("Exception ignored ...").
            if getattr(self.stdout, "_out", None) is sys.__stdout__ and sys.__stdout__ is not None:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.__stdout__.fileno())
                os.close(devnull)
            raise SystemExit(EXIT_BROKEN_PIPE) from None
