"""The province's history: every consolidation kept in an SQLite file, and trends over it."""
