"""Files in and out: case bundles, backups and restores, CSV and calendar exports."""
