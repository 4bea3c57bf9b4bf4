"""Mails taken in: one row per imported mail, so the same mail is never imported twice.

A mail is known by its SHA-256 (the exact bytes, unique) and by its Message-ID
(indexed: the same mail saved twice by two programs differs in its bytes).
"""

from peewee import CharField, ForeignKeyField, Model

from casemanager.store.fields import UtcDateTimeField


def up(migrator, db):
    class Case(Model):
        class Meta:
            database = db
            table_name = "case"

    class Evidence(Model):
        class Meta:
            database = db
            table_name = "evidence"

    class MailImport(Model):
        sha256 = CharField(max_length=64, unique=True)
        message_id = CharField(index=True, default="")
        case = ForeignKeyField(Case, backref="mails", on_delete="RESTRICT")
        evidence = ForeignKeyField(Evidence, null=True, on_delete="RESTRICT")
        imported_at = UtcDateTimeField()
        imported_by = CharField()

        class Meta:
            database = db
            table_name = "mail_import"

    db.create_tables([MailImport])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "mail_import"')
