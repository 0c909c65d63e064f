"""The instructor's machinery: notebook tooling, grading, benchmarks, course facts.

Nothing here is imported by the notebooks students run.
"""
