"""A payment provider's deadline can be met, and says how its due instant was found.

``provider_deadline`` gains ``met_at``/``met_by`` (evidence sent to the
provider, when and by whom) and ``basis`` (empty when the provider's file gave
the instant; otherwise the published response window it was computed from).
``imported_order`` gains the provider's ``dispute_id`` and the same
``evidence_due_basis``, carried from the export to the case.
"""

from peewee import CharField

from casemanager.store.fields import UtcDateTimeField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("provider_deadline", "met_at", UtcDateTimeField(null=True)),
        migrator.add_column("provider_deadline", "met_by", CharField(default="")),
        migrator.add_column("provider_deadline", "basis", CharField(default="")),
        migrator.add_column("imported_order", "dispute_id", CharField(default="")),
        migrator.add_column("imported_order", "evidence_due_basis", CharField(default="")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("imported_order", "evidence_due_basis"),
        migrator.drop_column("imported_order", "dispute_id"),
        migrator.drop_column("provider_deadline", "basis"),
        migrator.drop_column("provider_deadline", "met_by"),
        migrator.drop_column("provider_deadline", "met_at"),
    )
