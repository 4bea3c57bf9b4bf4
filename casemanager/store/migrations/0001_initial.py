"""Initial schema: shop settings, customers, orders, cases, evidence, letters, audit trail."""

# Frozen copies of the models as they were at this version (generated from a
# schema diff); later changes go in new numbered files, never here.
from peewee import *  # noqa: F403

from casemanager.store.fields import JsonField, MoneyField, UtcDateTimeField


def up(migrator, db):
    class Customer(Model):
        name = CharField(index=True)
        email = CharField(index=True, default="")
        phone = CharField(default="")
        address = TextField(default="")
        notes = TextField(default="")
        created_at = UtcDateTimeField()

        class Meta:
            database = db
            table_name = "customer"

    db.create_tables([Customer])

    class Product(Model):
        name = CharField(index=True)
        kind = CharField(max_length=32)
        third_party = BooleanField(default=False)
        vendor = CharField(default="")

        class Meta:
            database = db
            table_name = "product"

    db.create_tables([Product])

    class Order(Model):
        order_ref = CharField(index=True)
        customer = ForeignKeyField(Customer, on_delete="RESTRICT")
        product = ForeignKeyField(Product, on_delete="RESTRICT")
        purchased_at = UtcDateTimeField()
        delivered_at = UtcDateTimeField(null=True)
        amount_paid = MoneyField()
        currency = CharField(max_length=3)
        payment_method = CharField(max_length=32, default="")
        license_code = CharField(default="")
        subscription_start = DateField(null=True)
        subscription_end = DateField(null=True)

        class Meta:
            database = db
            table_name = "order"

    db.create_tables([Order])

    class Case(Model):
        number = CharField(unique=True, max_length=20)
        customer = ForeignKeyField(Customer, on_delete="RESTRICT")
        order = ForeignKeyField(Order, on_delete="RESTRICT")
        policy_id = CharField(index=True, max_length=64)
        policy_version = CharField(max_length=32)
        reason = CharField(index=True, max_length=32)
        description = TextField(default="")
        discovered_at = UtcDateTimeField(null=True)
        reported_at = UtcDateTimeField(index=True)
        status = CharField(index=True, max_length=32)
        next_due_at = UtcDateTimeField(index=True, null=True)
        next_due_name = CharField(null=True, max_length=32)
        created_at = UtcDateTimeField()
        updated_at = UtcDateTimeField()
        closed_at = UtcDateTimeField(null=True)

        class Meta:
            database = db
            table_name = "case"

    db.create_tables([Case])

    class Decision(Model):
        case = ForeignKeyField(Case, on_delete="RESTRICT")
        outcome = CharField(max_length=16)
        remedy = CharField(null=True, max_length=16)
        clauses = JsonField(default=list)
        explanation = TextField(default="")
        refund_amount = MoneyField(null=True)
        currency = CharField(null=True, max_length=3)
        amount_reason = TextField(default="")
        decided_by = CharField()
        decided_at = UtcDateTimeField()

        class Meta:
            database = db
            table_name = "decision"

    db.create_tables([Decision])

    class Appeal(Model):
        case = ForeignKeyField(Case, on_delete="RESTRICT")
        decision = ForeignKeyField(Decision, on_delete="RESTRICT")
        filed_at = UtcDateTimeField()
        late = BooleanField(default=False)
        grounds = TextField(default="")
        reviewer = CharField(null=True)
        outcome = CharField(null=True, max_length=16)
        clauses = JsonField(default=list)
        explanation = TextField(default="")
        decided_at = UtcDateTimeField(null=True)

        class Meta:
            database = db
            table_name = "appeal"

    db.create_tables([Appeal])

    class AuditEvent(Model):
        at = UtcDateTimeField()
        actor = CharField()
        case = ForeignKeyField(Case, null=True, on_delete="RESTRICT")
        kind = CharField(max_length=48)
        data = JsonField(default=dict)
        prev_hash = CharField(max_length=64)
        hash = CharField(unique=True, max_length=64)

        class Meta:
            database = db
            table_name = "audit_event"

    db.create_tables([AuditEvent])

    class Blob(Model):
        sha256 = CharField(primary_key=True, max_length=64)
        size = IntegerField()
        mime = CharField(max_length=100)
        data = BlobField()
        created_at = UtcDateTimeField()

        class Meta:
            database = db
            table_name = "blob"

    db.create_tables([Blob])

    class CaseCounter(Model):
        year = IntegerField(primary_key=True)
        last = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "case_counter"

    db.create_tables([CaseCounter])

    class Deadline(Model):
        case = ForeignKeyField(Case, on_delete="CASCADE")
        name = CharField(max_length=32)
        due_at = UtcDateTimeField(index=True)
        state = CharField(max_length=16, default="open")
        met_at = UtcDateTimeField(null=True)
        explanation = JsonField(default=list)

        class Meta:
            database = db
            table_name = "deadline"
            indexes = ((("case", "name"), True),)

    db.create_tables([Deadline])

    class Escalation(Model):
        case = ForeignKeyField(Case, on_delete="RESTRICT")
        kind = CharField(max_length=16)
        started_on = DateField()
        counterpart = CharField(default="")
        reference = CharField(default="")
        outcome = TextField(default="")

        class Meta:
            database = db
            table_name = "escalation"

    db.create_tables([Escalation])

    class Evidence(Model):
        case = ForeignKeyField(Case, on_delete="RESTRICT")
        blob = ForeignKeyField(Blob, on_delete="RESTRICT")
        kind = CharField(max_length=32)
        description = TextField(default="")
        source = CharField(max_length=16, default="customer")
        original_name = CharField(default="")
        received_at = UtcDateTimeField()
        added_at = UtcDateTimeField()
        added_by = CharField()
        verified_at = UtcDateTimeField(null=True)
        verified_by = CharField(null=True)
        verified_note = TextField(null=True)
        removed_at = UtcDateTimeField(null=True)
        removed_by = CharField(null=True)
        removed_reason = TextField(null=True)

        class Meta:
            database = db
            table_name = "evidence"

    db.create_tables([Evidence])

    class Letter(Model):
        case = ForeignKeyField(Case, on_delete="RESTRICT")
        kind = CharField(max_length=32)
        blob = ForeignKeyField(Blob, on_delete="RESTRICT")
        template_version = CharField(max_length=32)
        issued_at = UtcDateTimeField()
        issued_by = CharField()

        class Meta:
            database = db
            table_name = "letter"

    db.create_tables([Letter])

    class Setting(Model):
        key = CharField(unique=True)
        value = JsonField()

        class Meta:
            database = db
            table_name = "setting"

    db.create_tables([Setting])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("setting"))
    migrator.migrate(migrator.drop_table("letter"))
    migrator.migrate(migrator.drop_table("evidence"))
    migrator.migrate(migrator.drop_table("escalation"))
    migrator.migrate(migrator.drop_table("deadline"))
    migrator.migrate(migrator.drop_table("case_counter"))
    migrator.migrate(migrator.drop_table("blob"))
    migrator.migrate(migrator.drop_table("audit_event"))
    migrator.migrate(migrator.drop_table("appeal"))
    migrator.migrate(migrator.drop_table("decision"))
    migrator.migrate(migrator.drop_table("case"))
    migrator.migrate(migrator.drop_table("order"))
    migrator.migrate(migrator.drop_table("product"))
    migrator.migrate(migrator.drop_table("customer"))
