"""The standard commune template (a macro-free .xlsx)."""
