"""The errors nq57xl turns into a Vietnamese message for the user.

Every error that the command line or an Excel button reports as a message (rather
than a traceback) derives from :class:`Nq57Error`; its text is Vietnamese and says
what to do. Each room defines its own errors next to the code that raises them.
"""

from __future__ import annotations


class Nq57Error(Exception):
    """An error whose message is Vietnamese and meant for the user."""


class UsageError(Nq57Error, ValueError):
    """Bad input from the user (exit code 2): an option, a path, an address."""


class MailUsageError(UsageError):
    """Bad input to a mail command: an address, a recipient, a summary (exit code 2)."""
