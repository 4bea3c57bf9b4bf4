"""Use cases, by family; the only callers of the store. Each takes the AppContext."""
