"""Two periods side by side: snapshots of a consolidation, the changes between them."""
