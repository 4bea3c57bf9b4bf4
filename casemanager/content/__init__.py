"""What a file is, by its bytes: types and sizes, safe names, text previews (no database)."""
