"""``python -m steadfast.engine ARGS`` is ``steadfast analyze ARGS``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
