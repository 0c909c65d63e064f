"""The grader's guard inside a submission's kernel (an IPython startup file).

The grader copies this file into each job's ``IPYTHONDIR`` startup folder, so
it runs in the kernel before any student cell; it imports nothing from
coursekit at module level. It installs ``__coursekit_guard__`` into builtins;
every restored check cell (:mod:`coursekit.instructor.prepare`) starts with
``checks = __coursekit_guard__.begin(name)`` and ends with
``__coursekit_guard__.end(name)``.

``begin`` puts back what an earlier cell may have patched (the attributes of
``builtins``, ``importlib``, ``math`` and ``numpy`` as they were at start-up,
IPython's input and AST transformers, custom exception handlers) and returns a
fresh ``coursekit.checks`` module compiled from the source the grader handed
over at start-up (an edit of ``checks.py`` on disk changes nothing). ``end``
prints a line with an HMAC of the check's name under a per-run key that only
this start-up code read (from a file it then deletes): the grader's nbval
recorder counts a check as passed only when its cell printed that line, so a
check cell that an input transformer turned into ``pass`` does not pass.

This is tamper resistance against the known tricks, not a proof: student code
runs in the same process and a student who studies this file can still dig
the key out of memory. The sandbox (:mod:`coursekit.instructor.sandbox`)
limits what such code can reach.
"""


def _coursekit_install_guard() -> None:
    import builtins
    import hashlib
    import hmac
    import importlib
    import math
    import os
    import sys
    import types

    key_file = os.environ.pop("COURSEKIT_GUARD_KEY", "")
    checks_file = os.environ.pop("COURSEKIT_GUARD_CHECKS", "")
    if not key_file or not checks_file:
        return
    try:
        with open(key_file, "rb") as f:
            key = f.read()
        os.unlink(key_file)
        with open(checks_file, encoding="utf-8") as f:
            source = f.read()
    except OSError:
        return
    origin = os.environ.pop("COURSEKIT_GUARD_ORIGIN", checks_file)
    code = compile(source, origin, "exec")
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is a coursekit dependency
        numpy = None
    missing = object()
    modules = [m for m in (builtins, importlib, math, sys, numpy) if m is not None]
    snapshot = [(m, dict(vars(m))) for m in modules]
    shell = get_ipython()  # noqa: F821 (IPython startup files run in the user namespace)
    manager = shell.input_transformer_manager
    owners = [(shell, "input_transformers_post"), (shell, "ast_transformers"),
              (manager, "cleanup_transforms"), (manager, "line_transforms"),
              (manager, "token_transformers")]
    pristine_lists = [(obj, attr, list(getattr(obj, attr))) for obj, attr in owners]
    pristine_manager = manager
    pristine_exc = (shell.custom_exceptions, shell.CustomTB)
    run_cell, transform_cell = type(shell).run_cell, type(shell).transform_cell
    state = {"open": None}

    def restore() -> None:
        for module, saved in snapshot:
            current = vars(module)
            for name, value in saved.items():
                if current.get(name, missing) is not value:
                    setattr(module, name, value)
        sys.settrace(None)
        sys.setprofile(None)
        shell.input_transformer_manager = pristine_manager
        for obj, attr, saved_items in pristine_lists:
            setattr(obj, attr, list(saved_items))
        shell.custom_exceptions, shell.CustomTB = pristine_exc
        for attr in ("run_cell", "transform_cell"):
            if attr in vars(shell):
                delattr(shell, attr)
        if type(shell).run_cell is not run_cell or type(shell).transform_cell is not transform_cell:
            raise RuntimeError("채점 환경(IPython)이 바뀌어 검사를 실행할 수 없습니다.")

    def begin(name: str) -> types.ModuleType:
        restore()
        for full in [m for m in sys.modules if m.startswith("coursekit.exercise_checks.")]:
            del sys.modules[full]
        module = types.ModuleType("coursekit.checks")
        module.__file__ = origin
        module.__package__ = "coursekit"
        sys.modules["coursekit.checks"] = module
        package = sys.modules.get("coursekit")
        if package is not None:
            package.checks = module
        exec(code, module.__dict__)
        state["open"] = name
        return module

    def end(name: str) -> None:
        if state["open"] != name:
            raise RuntimeError("검사 셀이 처음부터 실행되지 않았습니다.")
        state["open"] = None
        tag = hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
        sys.stdout.write(f"coursekit-guard:{tag}\n")
        sys.stdout.flush()

    guard = types.SimpleNamespace(begin=begin, end=end)
    builtins.__coursekit_guard__ = guard
    for module, saved in snapshot:
        if module is builtins:
            saved["__coursekit_guard__"] = guard


_coursekit_install_guard()
del _coursekit_install_guard
