"""People and seats: the user list, who has which case open, and per-user reminder notices.

``app_user`` names the people who work in this database (the names the audit
trail and letters show). ``seat_presence`` holds one row per running window,
refreshed while it runs, so another seat can show who has a case open.
``reminder_notice`` and ``reminder_state`` remember which desktop notices a
person has already had and when they last looked, whichever machine they sit
at. On PostgreSQL every new audit event also sends a notification on the
channel ``casemanager_changes`` (the trigger below), so the other seats
refresh at once instead of polling the tables.
"""

from peewee import *  # noqa: F403
from peewee import PostgresqlDatabase

from casemanager.store.fields import UtcDateTimeField

_NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION casemanager_notify_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('casemanager_changes', coalesce(NEW.case_id::text, ''));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
_NOTIFY_TRIGGER = """
CREATE TRIGGER audit_event_notify AFTER INSERT ON audit_event
FOR EACH ROW EXECUTE FUNCTION casemanager_notify_change()
"""


def up(migrator, db):
    class AppUser(Model):
        name = CharField(max_length=80, unique=True)
        active = BooleanField(default=True)
        created_at = UtcDateTimeField()

        class Meta:
            database = db
            table_name = "app_user"

    class SeatPresence(Model):
        seat = CharField(max_length=64, primary_key=True)
        user_name = CharField(max_length=80)
        host = CharField(default="")
        case_number = CharField(max_length=64, null=True, index=True)
        seen_at = UtcDateTimeField(index=True)

        class Meta:
            database = db
            table_name = "seat_presence"

    class ReminderNotice(Model):
        user_name = CharField(max_length=80)
        notice_key = CharField()
        notified_at = UtcDateTimeField()

        class Meta:
            database = db
            table_name = "reminder_notice"
            indexes = ((("user_name", "notice_key"), True),)

    class ReminderState(Model):
        user_name = CharField(max_length=80, unique=True)
        checked_at = UtcDateTimeField()

        class Meta:
            database = db
            table_name = "reminder_state"

    db.create_tables([AppUser, SeatPresence, ReminderNotice, ReminderState])
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(_NOTIFY_FUNCTION)
        db.execute_sql(_NOTIFY_TRIGGER)


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS audit_event_notify ON audit_event")
        db.execute_sql("DROP FUNCTION IF EXISTS casemanager_notify_change()")
    for table in ("reminder_state", "reminder_notice", "seat_presence", "app_user"):
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
