"""Re-executing lectures and solutions in place (``python -m coursekit notebooks execute``).

Lectures and solutions are committed executed, in quick mode with fixed
seeds; this runs them with nbclient and this Python as the kernel.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from nbclient import NotebookClient

from coursekit.instructor.notebooks import read, relpath, write


def execute(paths: Iterable[str | os.PathLike], timeout: int = 1200) -> None:
    """Execute notebooks in place, in quick mode, with this Python as the kernel."""
    os.environ["COURSEKIT_MODE"] = os.environ.get("COURSEKIT_MODE", "quick")
    # Committed outputs must keep their figures: the kernel inherits this variable, and a
    # headless backend (MPLBACKEND=Agg, as the tests set it) would drop every image.
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    for path in paths:
        path = Path(path).resolve()
        nb = read(path)
        print(f"실행 중: {relpath(path)}", flush=True)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute()
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        write(nb, path)
