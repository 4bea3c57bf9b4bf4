"""Every sortable column of the case list backed by an index that ends in the row id.

The case list pages by key (sort value, then ids along the join path), so each
page is one index range scan from the last row shown. SQLite appends the rowid
to every index by itself, PostgreSQL does not: the single-column indexes are
replaced by ``(column, id)`` ones that serve both engines, and the amount index
becomes ``(currency, amount_paid, id)``, because amounts sort within a currency.
"""

# (table, column) pairs whose single-column index becomes (column, id).
_WITH_ID = (
    ("case", "reported_at"),
    ("case", "reason"),
    ("case", "policy_id"),
    ("case", "next_due_at"),
    ("customer", "name"),
    ("product", "name"),
    ("order", "order_ref"),
)


def up(migrator, db):
    operations = []
    for table, column in _WITH_ID:
        operations.append(migrator.drop_index(table, f"{table}_{column}"))
        operations.append(migrator.add_index(table, (column, "id"), False))
    operations.append(migrator.drop_index("order", "order_amount_paid"))
    operations.append(migrator.add_index("order", ("currency", "amount_paid", "id"), False))
    migrator.migrate(*operations)


def down(migrator, db):
    operations = [migrator.drop_index("order", "order_currency_amount_paid_id")]
    operations.append(migrator.add_index("order", ("amount_paid",), False))
    for table, column in _WITH_ID:
        operations.append(migrator.drop_index(table, f"{table}_{column}_id"))
        operations.append(migrator.add_index(table, (column,), False))
    migrator.migrate(*operations)
