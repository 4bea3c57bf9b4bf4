"""Running totals for the dashboard, kept up to date in the transaction of each change.

``dashboard_tally`` holds one row per figure (cases per status, per reason; decisions
and refunds per month, outcome and currency); ``case_tally`` what each case adds to
them. The dashboard reads a few dozen rows instead of scanning every case. The
tables start empty: the first read fills them from the cases (and again whenever
the shop's time zone, which decides the months, has changed).
"""

from peewee import BigIntegerField, CharField, IntegerField, Model

from casemanager.store.fields import JsonField


def up(migrator, db):
    class CaseTally(Model):
        case_id = IntegerField(primary_key=True)
        status = CharField(max_length=32)
        reason = CharField(max_length=32)
        decisions = JsonField(default=list)

        class Meta:
            database = db
            table_name = "case_tally"

    class DashboardTally(Model):
        kind = CharField(max_length=16)
        key = CharField(max_length=64)
        currency = CharField(max_length=3, default="")
        count = IntegerField(default=0)
        amount = BigIntegerField(default=0)

        class Meta:
            database = db
            table_name = "dashboard_tally"
            indexes = ((("kind", "key", "currency"), True),)

    db.create_tables([CaseTally, DashboardTally])


def down(migrator, db):
    for table in ("dashboard_tally", "case_tally"):
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
