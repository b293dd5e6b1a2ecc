"""The library functions the command line and the Excel buttons call, imported on first use.

This is the package's one place of deferred imports. pandas, xlsxwriter and openpyxl
take about 0.65 s to import together (0.80 s against 0.14 s for the command line
alone, measured on this project's 2-core machine); a command or a button that never
builds a table, a summary or a template should not pay for them, and an Excel button
starts a new Python process at every click. So ``cli/`` and ``excel/`` import light
modules directly and reach the rest as ``api.<name>``: the first use of a name imports
its module (lazy_loader, the scientific Python projects' implementation of PEP 562
module ``__getattr__``). Everything below this module imports at the top of its file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

#: Module (relative to the package) -> the names the front doors use from it.
ENTRY_POINTS: dict[str, list[str]] = {
    "compare.changes": ["compare_snapshots"],
    "compare.periods": ["comparison_json", "comparison_report_lines", "load_snapshot"],
    "compare.snapshot": ["SnapshotError"],
    "excel.build": ["BuildError", "build_workbook", "default_macros_dir"],
    "excel.bundle": ["BundleError", "make_bundle"],
    "excel.vba": ["VbaError"],
    "excel.workbook_config": ["set_config_values"],
    "history.imports": ["import_exit_code", "import_lines", "import_summaries"],
    "history.periods": ["held_lines", "history_snapshot", "last_two"],
    "history.rows": ["period_key"],
    "history.store": ["HISTORY_FILE", "HistoryError", "drop_period", "held_periods"],
    "importer.appendix": ["ImportFailure", "import_appendix"],
    "importer.report": ["import_report_json", "import_report_lines"],
    "jobs.consolidation": ["run_consolidation"],
    "jobs.demo": ["PROVINCE", "build_demo", "demo_readme"],
    "jobs.demo_history": ["seed_demo_history"],
    "mail.feedback": ["write_feedbacks"],
    "mail.feedback_mail": ["feedback_lines"],
    "mail.followup": ["FEEDBACK_DIR", "LastRun", "draft_summary", "feedback_run_lines",
                      "feedback_table", "files_with_problems", "json_beside", "last_run",
                      "summary_draft_lines", "write_commune_feedback"],
    "mail.key_figures": ["load_json"],
    "mail.message": ["DEFAULT_SALUTATION", "MailError", "PASSWORD_ENV", "SmtpSettings",
                     "draft_summary_email", "parse_addresses", "send_message", "write_eml"],
    "mail.remind": ["reminder_lines", "write_reminders"],
    "province.consolidate": ["consolidate"],
    "province.consolidation": ["COLUMNS", "COMMUNE_COLUMNS"],
    "province.inputs": ["check_outputs"],
    "province.parallel": ["make_reader"],
    "report.content": ["write_report"],
    "report.job": ["REPORT_NAME", "run_report"],
    "summary.changes_sheet": ["write_changes_workbook"],
    "summary.jsondoc": ["commune_report_json", "dump"],
    "summary.writer": ["SEVERITIES", "ordered_communes"],
    "template.build": ["build_template"],
}

__getattr__, __dir__, __all__ = lazy_loader.attach("nq57xl", submod_attrs=ENTRY_POINTS)

if TYPE_CHECKING:  # the same names, for type checkers and editors
    pass
