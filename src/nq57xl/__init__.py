"""nq57xl: collect, check and consolidate communes' Resolution 57-NQ/TW reports."""

__version__ = "0.1.0"
