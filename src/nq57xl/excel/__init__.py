"""The Python behind the buttons of ``workbook/nq57xl.xlsm``, and the tool that builds it.

Each button runs ``RunPython "import nq57xl.excel; nq57xl.excel.<handler>()"``: the
handlers are re-exported here from :mod:`.buttons` so those calls keep working.
"""

from .buttons import (
    consolidate_button,
    email_button,
    feedback_button,
    report_button,
    roster_button,
    templates_button,
    validate_button,
)

__all__ = ["consolidate_button", "email_button", "feedback_button", "report_button",
           "roster_button", "templates_button", "validate_button"]
