"""Composite indexes for the views that sort by what falls due next.

The case list opens on "open cases by next deadline" and the dashboard counts
open deadlines by due instant; both stay index-only at 100,000 cases.
"""


def up(migrator, db):
    migrator.migrate(
        migrator.add_index("case", ("status", "next_due_at"), False),
        migrator.add_index("deadline", ("state", "due_at"), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("case", "case_status_next_due_at"),
        migrator.drop_index("deadline", "deadline_state_due_at"),
    )
