"""The check-cell format: a code cell whose first line is ``# CHECK: <name>``.

Solutions, their generated exercises and the submitted notebooks mark every
check this way; the cell's body calls :mod:`coursekit.checks`. The notebook
tooling uses this module to find a notebook's checks, the grader to put the
instructor's checks back into a submission by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CHECK_PREFIX = "# CHECK:"


def check_name(cell: Mapping[str, Any]) -> str | None:
    """The name of a check cell (first line ``# CHECK: name``), else ``None``."""
    if cell.get("cell_type") != "code":
        return None
    first = cell.get("source", "").lstrip().split("\n", 1)[0]
    return first[len(CHECK_PREFIX):].strip() if first.startswith(CHECK_PREFIX) else None


def check_cells(nb) -> dict[str, Any]:
    """``{name: cell}`` of a notebook's check cells, in order; the first cell of a name wins."""
    out: dict[str, Any] = {}
    for cell in nb.cells:
        name = check_name(cell)
        if name is not None and name not in out:
            out[name] = cell
    return out
