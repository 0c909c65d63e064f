"""Shared test set-up: quick mode, a headless matplotlib backend."""

import os

os.environ.setdefault("COURSEKIT_MODE", "quick")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
