"""Command-line tools: ``python -m coursekit COMMAND ...``.

Commands:
  notebooks sync|check|execute [PATHS]   header cells, exercises/, re-execution
  data status|fetch NAME                 the dataset cache
  bench ALGO --corpus PATH               coursekit vs gensim (coursekit.instructor.bench)
  grade SUBMISSIONS --out report.csv     grade student notebooks (coursekit.instructor.grading)
"""

from __future__ import annotations

import importlib
import sys

# Each command lives in its own module, which exposes ``main(argv) -> int``.
COMMANDS = {
    "notebooks": "coursekit.instructor.notebook_cli",
    "data": "coursekit.instructor.data_cli",
    "bench": "coursekit.instructor.bench",
    "grade": "coursekit.instructor.grading",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if not argv or argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(COMMANDS[argv[0]])
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())


