"""Orders from export files: the import dialog and the case form's order suggestions."""
