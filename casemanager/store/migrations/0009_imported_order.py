"""Orders imported from shop and payment-provider exports, and providers' own deadlines.

``imported_order`` holds one line item per row, unique by platform, order id
and line id (re-imports update, never duplicate), with lower-cased order-id
and e-mail keys indexed for the case form's instant suggestions.
``provider_deadline`` holds a dispute's evidence-due instant beside, not
inside, the policy's recomputed deadlines.
"""

from peewee import CharField, DateField, ForeignKeyField, Model

from casemanager.store.fields import JsonField, MoneyField, UtcDateTimeField


def up(migrator, db):
    class Case(Model):
        class Meta:
            database = db
            table_name = "case"

    class ImportedOrder(Model):
        platform = CharField(max_length=32)
        order_id = CharField()
        line_id = CharField()
        order_key = CharField(index=True)
        email_key = CharField(index=True, default="")
        customer_name = CharField(default="")
        customer_email = CharField(default="")
        product_name = CharField()
        product_sku = CharField(default="")
        product_kind = CharField(max_length=32)
        vendor = CharField(default="")
        amount = MoneyField()
        currency = CharField(max_length=3)
        payment_method = CharField(max_length=32, default="")
        payment_label = CharField(default="")
        transaction_id = CharField(default="")
        purchased_at = UtcDateTimeField()
        paid_at = UtcDateTimeField(null=True)
        delivered_at = UtcDateTimeField(null=True)
        license_code = CharField(default="")
        subscription_period = CharField(max_length=32, default="")
        subscription_end = DateField(null=True)
        status = CharField(max_length=32, default="")
        dispute_status = CharField(max_length=32, default="")
        dispute_reason = CharField(max_length=64, default="")
        dispute_at = UtcDateTimeField(null=True)
        evidence_due_at = UtcDateTimeField(null=True)
        source_row = JsonField(default=dict)
        imported_at = UtcDateTimeField()
        updated_at = UtcDateTimeField()

        class Meta:
            database = db
            table_name = "imported_order"
            indexes = ((("platform", "order_id", "line_id"), True),)

    class ProviderDeadline(Model):
        case = ForeignKeyField(Case, backref="provider_deadlines", on_delete="CASCADE")
        name = CharField(max_length=32)
        due_at = UtcDateTimeField(index=True)
        platform = CharField(max_length=32)
        reference = CharField(default="")
        created_at = UtcDateTimeField()

        class Meta:
            database = db
            table_name = "provider_deadline"
            indexes = ((("case", "name"), True),)

    db.create_tables([ImportedOrder, ProviderDeadline])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "provider_deadline"')
    db.execute_sql('DROP TABLE IF EXISTS "imported_order"')
