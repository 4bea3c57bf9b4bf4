"""The database: Peewee models, the per-context binding, connections, migrations, backups."""
