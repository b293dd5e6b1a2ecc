"""Whole jobs the command line and the Excel buttons run: a consolidation, the demo."""
