"""``python -m goaltui``."""

import sys

from goaltui.cli import main

if __name__ == "__main__":
    sys.exit(main())
