"""Measuring notebooks in a mode (``python -m coursekit notebooks measure``).

README's time table asks, for each lecture and solution, how long "run all"
takes in quick and in full mode, on CPU and on a GPU, and whether every claim
check still passes there. This runs copies of the notebooks (the committed
ones stay in quick mode), one cell at a time, and records per notebook: wall
time, the slow cells, the claim checks that passed or failed, the first cell
that raised, and on a GPU the peak GPU memory. A failing notebook does not stop
the others. The executed copies and ``measure.json`` go to ``out``.

On a machine with a GPU (full mode is what Colab's GPU runtime uses)::

    COURSEKIT_MODE=full python -m coursekit notebooks measure --out /tmp/full lectures/07_elmo.ipynb
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from coursekit.instructor.notebooks import read, relpath, write

#: A cell counts as slow (listed in the result) from this many seconds on.
SLOW_CELL_S = 5.0
#: The marks that coursekit.claims (lectures) and coursekit.checks (solutions) print.
PASS_MARKS = ("✔ 확인", "✅")
FAIL_MARKS = ("✘", "❌")
_PROBE_TAG = "COURSEKIT_MEASURE "
# Runs in the kernel after the notebook: which accelerator it saw and its peak memory.
_PROBE = f"""
import json as _json, sys as _sys
_info = {{"gpus": 0, "gpu_peak_bytes": None}}
if "tensorflow" in _sys.modules:
    import tensorflow as _tf
    _gpus = _tf.config.list_physical_devices("GPU")
    _info["gpus"] = len(_gpus)
    if _gpus:
        _info["gpu_peak_bytes"] = int(_tf.config.experimental.get_memory_info("GPU:0")["peak"])
print({_PROBE_TAG!r} + _json.dumps(_info))
"""


@dataclass
class Measurement:
    """What one notebook did in one mode."""

    notebook: str
    mode: str
    seconds: float
    ok: bool
    failed_cell: int | None = None
    error: str = ""
    checks_passed: int = 0
    checks_failed: int = 0
    slow_cells: list[tuple[int, float]] = field(default_factory=list)
    gpus: int = 0
    gpu_peak_bytes: int | None = None


def _stream_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def measure(path: str | os.PathLike, out: str | os.PathLike, timeout: int | None = None) -> Measurement:
    """Execute a copy of one notebook in the current ``COURSEKIT_MODE``; write it to ``out``."""
    path, out = Path(path).resolve(), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nb = read(path)
    try:
        name = relpath(path)
    except ValueError:  # a notebook outside the course
        name = path.name
    result = Measurement(name, os.environ.get("COURSEKIT_MODE", "quick"), 0.0, ok=True)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            began = time.perf_counter()
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                result.ok, result.failed_cell = False, index
                result.error = str(exc).strip().splitlines()[-1][:500] if str(exc).strip() else type(exc).__name__
                break
            finally:
                seconds = time.perf_counter() - began
                if seconds >= SLOW_CELL_S:
                    result.slow_cells.append((index, round(seconds, 1)))
                    print(f"   셀 {index}: {seconds:,.0f}초", flush=True)  # progress during hours-long runs
        result.seconds = round(time.perf_counter() - start, 1)
        probe = nbformat.v4.new_code_cell(_PROBE)
        nb.cells.append(probe)  # nbclient writes outputs into nb.cells[index]
        try:
            client.execute_cell(probe, len(nb.cells) - 1)
            for line in _stream_text(probe).splitlines():
                if line.startswith(_PROBE_TAG):
                    info = json.loads(line[len(_PROBE_TAG):])
                    result.gpus, result.gpu_peak_bytes = info["gpus"], info["gpu_peak_bytes"]
        except CellExecutionError:
            pass  # the probe is best effort; the measurement stands without it
        finally:
            nb.cells.pop()
    for cell in nb.cells:
        for line in _stream_text(cell).splitlines():
            result.checks_passed += line.lstrip().startswith(PASS_MARKS)
            result.checks_failed += line.lstrip().startswith(FAIL_MARKS)
    write(nb, out / path.name)
    return result


def measure_all(paths: Iterable[str | os.PathLike], out: str | os.PathLike,
                timeout: int | None = None) -> list[Measurement]:
    """Measure each notebook in turn (a failure does not stop the rest); write ``measure.json``."""
    out = Path(out)
    results = []
    for path in paths:
        print(f"실행 중 ({os.environ.get('COURSEKIT_MODE', 'quick')} 모드): {path}", flush=True)
        results.append(measure(path, out, timeout=timeout))
        print("   " + summary_line(results[-1]), flush=True)
        (out / "measure.json").write_text(json.dumps(
            {"machine": platform.node(), "cpus": os.cpu_count(),
             "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
             "results": [asdict(r) for r in results]}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return results


def summary_line(r: Measurement) -> str:
    """One line for a person: time, verdict, checks, GPU memory."""
    verdict = "OK" if r.ok else f"실패: 셀 {r.failed_cell} ({r.error})"
    gpu = f", GPU {r.gpus}개, 최대 메모리 {r.gpu_peak_bytes / 2**30:.1f} GiB" if r.gpu_peak_bytes else ""
    return (f"{r.notebook}: {r.seconds:,.0f}초, {verdict}, 확인 통과 {r.checks_passed} / 실패 {r.checks_failed}{gpu}")
