"""Decisions that depart from the assessment, and the identity of issued letters.

``Decision.override_finding`` / ``override_evidence`` record why the shop departed
from the policy assessment (the finding and the evidence ids it rests on);
``assessment_snapshot`` keeps the assessment as it was when decided. An appeal
decision keeps the same three. ``Letter.reference`` is the letter's own number
(``RC-2026-00042/L3``) and ``Letter.event_at`` the event it was written for.
"""

from peewee import CharField, TextField

from casemanager.store.fields import JsonField, UtcDateTimeField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("decision", "override_finding", TextField(default="")),
        migrator.add_column("decision", "override_evidence", JsonField(default=list)),
        migrator.add_column("decision", "assessment_snapshot", JsonField(default=dict)),
        migrator.add_column("appeal", "override_finding", TextField(default="")),
        migrator.add_column("appeal", "override_evidence", JsonField(default=list)),
        migrator.add_column("appeal", "assessment_snapshot", JsonField(default=dict)),
        migrator.add_column("letter", "reference", CharField(max_length=40, null=True)),
        migrator.add_column("letter", "event_at", UtcDateTimeField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("decision", "override_finding"),
        migrator.drop_column("decision", "override_evidence"),
        migrator.drop_column("decision", "assessment_snapshot"),
        migrator.drop_column("appeal", "override_finding"),
        migrator.drop_column("appeal", "override_evidence"),
        migrator.drop_column("appeal", "assessment_snapshot"),
        migrator.drop_column("letter", "reference"),
        migrator.drop_column("letter", "event_at"),
    )
