"""Case lifecycle: the instant of each event on the case row, and decision/appeal details.

The deadlines of a case are recomputed from these columns (see
``services/deadlines.py``); ``Decision.assessed_amount`` keeps the amount the
policy assessment proposed, and ``Appeal.evidence_note`` the supplementary
proof the customer named.
"""

from peewee import TextField

from casemanager.store.fields import MoneyField, UtcDateTimeField

CASE_EVENTS = (
    "acknowledged_at",
    "review_started_at",
    "info_requested_at",
    "info_received_at",
    "extension_notice_at",
    "verified_at",
    "decided_at",
    "approved_at",
    "notified_at",
    "remedied_at",
    "appealed_at",
)


def up(migrator, db):
    migrator.migrate(
        *[migrator.add_column("case", name, UtcDateTimeField(null=True)) for name in CASE_EVENTS],
        migrator.add_column("decision", "assessed_amount", MoneyField(null=True)),
        migrator.add_column("appeal", "evidence_note", TextField(default="")),
    )


def down(migrator, db):
    migrator.migrate(
        *[migrator.drop_column("case", name) for name in CASE_EVENTS],
        migrator.drop_column("decision", "assessed_amount"),
        migrator.drop_column("appeal", "evidence_note"),
    )
