"""``python -m coursekit COMMAND ...``: the command line of :mod:`coursekit.instructor.cli`."""

from __future__ import annotations

import sys

from coursekit.instructor.cli import main

if __name__ == "__main__":
    sys.exit(main())
