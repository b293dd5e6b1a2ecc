"""The ``nq57xl`` command line: parses options, calls the library, prints the result."""

from .commands import app, main

__all__ = ["app", "main"]
