"""The `steadfast` console script: every Django management command plus the project's own.

`steadfast analyze` goes straight to the continuity engine, which needs no database.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "analyze":
        from steadfast.engine.cli import main as analyze

        return analyze(argv[2:])
    if len(argv) > 1 and argv[1] == "mitigate":
        from steadfast.engine.mitigation_cli import main as mitigate

        return mitigate(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    from django.core.management import execute_from_command_line

    argv[0] = "steadfast"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
