"""The case form (new and edit) with its live assessment panel."""
