"""Importing existing appendices (Word tables, pasted workbooks, text exports) into the
template."""
