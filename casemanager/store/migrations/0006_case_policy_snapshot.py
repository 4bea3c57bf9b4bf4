"""Each case points to a stored copy of the policy pack text it was recorded under.

Without it, editing a shop's own pack file would silently change the
deadlines and decisions of cases already handled under the earlier text.
"""

from peewee import CharField, ForeignKeyField, Model


def up(migrator, db):
    class Blob(Model):
        sha256 = CharField(primary_key=True, max_length=64)

        class Meta:
            database = db
            table_name = "blob"

    migrator.migrate(
        migrator.add_column(
            "case",
            "policy_snapshot_id",
            ForeignKeyField(Blob, field=Blob.sha256, null=True, on_delete="RESTRICT"),
        ),
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("case", "policy_snapshot_id"))
