"""The check cells of each exercise notebook, one module per exercise (``checks.ex01`` ...).

Each public function is one check cell: it calls the student's functions
through :class:`coursekit.checks.Check` (which forbids the coursekit functions
that compute that problem's answer), compares with expected values computed
here, and prints one ✅ line or raises one ❌ line.
"""
