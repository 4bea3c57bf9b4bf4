"""Use cases: the only callers of the store; the UI and CLI call nothing lower."""
