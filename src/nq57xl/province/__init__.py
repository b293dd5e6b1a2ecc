"""A province: the folder of reports, reading it (in parallel), the roster, and the
consolidation record every output is made from."""
