"""Each deadline row says whether the shop is reminded of it, indexed with its due instant.

``deadline.reminds`` is true for an open deadline that is the shop's own duty under
the case's pack (not the customer's report or appeal window, not the earliest
decision date). Reminders then read one range of the ``(reminds, due_at, id)``
index, soonest first, instead of walking every open deadline from the oldest past
years of customers' windows. The id ends the index because PostgreSQL, unlike
SQLite, does not append it. Existing rows start unknown (NULL): the pack decides,
so the services fill them when the database is next opened.
"""

from peewee import BooleanField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("deadline", "reminds", BooleanField(null=True)),
        migrator.add_index("deadline", ("reminds", "due_at", "id"), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("deadline", "deadline_reminds_due_at_id"),
        migrator.drop_column("deadline", "reminds"),
    )
