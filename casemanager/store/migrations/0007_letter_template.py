"""Shop-edited letter wording: one row per edit, so every issued letter names its version.

The shipped wording lives in resources/letters; a row here overrides it for
one template name. Rows are never updated: an edit adds the next version.
"""

from peewee import CharField, IntegerField, Model, TextField

from casemanager.store.fields import UtcDateTimeField


def up(migrator, db):
    class LetterTemplate(Model):
        name = CharField(max_length=48)
        version = IntegerField()
        text = TextField()
        created_at = UtcDateTimeField()
        created_by = CharField()

        class Meta:
            database = db
            table_name = "letter_template"
            indexes = ((("name", "version"), True),)

    db.create_tables([LetterTemplate])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "letter_template"')
