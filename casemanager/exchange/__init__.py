"""Getting data out of and into the application: bundles, backups, CSV, calendars."""
