"""Peewee models for the whole domain, bound to the database of the current context.

The schema itself is created and changed only by the numbered migrations in
``casemanager/store/migrations``; these classes describe the newest schema.
Instants are aware UTC, amounts exact Decimals (see ``fields``).
"""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from casemanager.store.binding import database_proxy
from casemanager.store.fields import JsonField, MoneyField, UtcDateTimeField


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Versioned(BaseModel):
    """A record a form edits: ``version`` goes up by one with each saved change of a row
    read from the database (edit_versions), so a form opened on an older version can tell
    that someone else saved since.

    One change, one version: an instance's further saves are the same change; a lifecycle
    step counts itself (``count_step``), in bulk loads too, where nothing is saved yet.
    A row's own saves while it is being created leave it at 1."""

    version = IntegerField(default=1)

    def count_step(self) -> None:
        """One more version for a lifecycle step made on this instance; its saves that
        follow are part of the step."""
        self.version = (self.version or 0) + 1
        self.__dict__["_counted"] = True

    def save(self, force_insert: bool = False, only=None):  # noqa: ANN201 (peewee's own)
        inserting = force_insert or self._pk is None
        if not inserting:
            if not self.__dict__.get("_counted"):
                self.version = (self.version or 0) + 1
            if only is not None:
                only = [*only, type(self).version]
        self.__dict__["_counted"] = True
        return super().save(force_insert=force_insert, only=only)


class Setting(Versioned):
    """Key/value settings shared by every seat (shop profile, defaults, limits)."""

    key = CharField(unique=True)
    value = JsonField()


class Blob(BaseModel):
    """Content-addressed bytes: evidence files, issued letters, the shop logo."""

    sha256 = CharField(max_length=64, primary_key=True)
    size = IntegerField()
    mime = CharField(max_length=100)
    data = BlobField()
    created_at = UtcDateTimeField()


class Customer(Versioned):
    name = CharField()  # index (name, id): sorting the case list
    email = CharField(index=True, default="")
    phone = CharField(default="")
    address = TextField(default="")
    notes = TextField(default="")
    created_at = UtcDateTimeField()

    class Meta:
        indexes = ((("name", "id"), False),)


class Product(Versioned):
    name = CharField()  # index (name, id): sorting the case list
    kind = CharField(max_length=32)
    third_party = BooleanField(default=False)
    vendor = CharField(default="")

    class Meta:
        indexes = ((("name", "id"), False),)


class Order(Versioned):
    """One purchase of one product, as the shop's records show it."""

    order_ref = CharField()  # index (order_ref, id)
    customer = ForeignKeyField(Customer, backref="orders", on_delete="RESTRICT")
    product = ForeignKeyField(Product, backref="orders", on_delete="RESTRICT")
    purchased_at = UtcDateTimeField()
    delivered_at = UtcDateTimeField(null=True)
    amount_paid = MoneyField()  # index (currency, amount_paid, id): amounts sort per currency
    currency = CharField(max_length=3)
    payment_method = CharField(max_length=32, default="")
    license_code = CharField(default="")
    subscription_start = DateField(null=True)
    subscription_end = DateField(null=True)

    class Meta:
        indexes = ((("order_ref", "id"), False), (("currency", "amount_paid", "id"), False))


class CaseCounter(BaseModel):
    """Last case sequence number per year, so numbers never repeat across seats."""

    year = IntegerField(primary_key=True)
    last = IntegerField(default=0)


class Case(Versioned):
    number = CharField(max_length=20, unique=True)  # RC-2026-00042
    customer = ForeignKeyField(Customer, backref="cases", on_delete="RESTRICT")
    order = ForeignKeyField(Order, backref="cases", on_delete="RESTRICT")
    policy_id = CharField(max_length=64)  # indexes with the id: see Meta
    policy_version = CharField(max_length=32)
    # The pack text the case was recorded under (see services.admin.policies).
    policy_snapshot = ForeignKeyField(
        Blob, null=True, column_name="policy_snapshot_id", on_delete="RESTRICT", backref="+"
    )
    reason = CharField(max_length=32)
    description = TextField(default="")
    discovered_at = UtcDateTimeField(null=True)
    reported_at = UtcDateTimeField()  # receipt of the claim
    status = CharField(max_length=32, index=True)
    next_due_at = UtcDateTimeField(null=True)
    next_due_name = CharField(max_length=32, null=True)
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    closed_at = UtcDateTimeField(null=True)
    # Lifecycle events (migration 0003): deadlines are recomputed from these.
    acknowledged_at = UtcDateTimeField(null=True)
    review_started_at = UtcDateTimeField(null=True)
    info_requested_at = UtcDateTimeField(null=True)
    info_received_at = UtcDateTimeField(null=True)
    extension_notice_at = UtcDateTimeField(null=True)
    verified_at = UtcDateTimeField(null=True)  # review completed (the decision was taken)
    decided_at = UtcDateTimeField(null=True)
    approved_at = UtcDateTimeField(null=True)
    notified_at = UtcDateTimeField(null=True)  # the customer received the decision
    remedied_at = UtcDateTimeField(null=True)  # refund paid or replacement sent
    appealed_at = UtcDateTimeField(null=True)  # the first appeal was filed

    class Meta:
        # The case list's default view: open cases ordered by what falls due next;
        # then each sortable column with the id, the tie-breaker its pages follow.
        indexes = (
            (("status", "next_due_at"), False),
            (("reported_at", "id"), False),
            (("reason", "id"), False),
            (("policy_id", "id"), False),
            (("next_due_at", "id"), False),
        )


class Evidence(BaseModel):
    case = ForeignKeyField(Case, backref="evidence", on_delete="RESTRICT")
    # None once an explicit purge deleted the bytes of removed evidence (migration 0005).
    blob = ForeignKeyField(Blob, backref="evidence", null=True, on_delete="RESTRICT")
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
        indexes = ((("case", "removed_at"), False),)  # live evidence of one case (0005)


class Deadline(BaseModel):
    """One policy clock of one case, recomputed whenever the case's events change."""

    case = ForeignKeyField(Case, backref="deadlines", on_delete="CASCADE")
    name = CharField(max_length=32)  # acknowledge_by, review_by, ...
    due_at = UtcDateTimeField(index=True)
    state = CharField(max_length=16, default="open")  # open, met, missed
    met_at = UtcDateTimeField(null=True)
    explanation = JsonField(default=list)
    # An open duty of the shop's under the case's pack: what Reminders list (0017);
    # its index holds the case, so counting reads no deadline row (0019).
    # NULL until the services have filled it in, after the upgrade that added it.
    reminds = BooleanField(null=True)

    class Meta:
        indexes = (
            (("case", "name"), True),
            (("state", "due_at"), False),
            (("reminds", "due_at", "id", "case"), False),
        )


class Decision(BaseModel):
    case = ForeignKeyField(Case, backref="decisions", on_delete="RESTRICT")
    outcome = CharField(max_length=16)  # approved, rejected
    remedy = CharField(max_length=16, null=True)  # refund, replacement
    clauses = JsonField(default=list)
    explanation = TextField(default="")
    refund_amount = MoneyField(null=True)
    currency = CharField(max_length=3, null=True)
    amount_reason = TextField(default="")  # why it differs from the assessment
    assessed_amount = MoneyField(null=True)  # what the policy assessment proposed (0003)
    decided_by = CharField()
    decided_at = UtcDateTimeField()
    # A departure from the assessment: the finding and the evidence ids it rests on (0010).
    override_finding = TextField(default="")
    override_evidence = JsonField(default=list)
    assessment_snapshot = JsonField(default=dict)  # the assessment when decided (0010)


class Appeal(BaseModel):
    case = ForeignKeyField(Case, backref="appeals", on_delete="RESTRICT")
    decision = ForeignKeyField(Decision, backref="appeals", on_delete="RESTRICT")
    filed_at = UtcDateTimeField()
    late = BooleanField(default=False)
    grounds = TextField(default="")
    reviewer = CharField(null=True)
    outcome = CharField(max_length=16, null=True)  # upheld, rejected
    clauses = JsonField(default=list)
    explanation = TextField(default="")
    decided_at = UtcDateTimeField(null=True)
    evidence_note = TextField(default="")  # supplementary proof named by the customer (0003)
    override_finding = TextField(default="")  # as on Decision (0010)
    override_evidence = JsonField(default=list)
    assessment_snapshot = JsonField(default=dict)


class Escalation(BaseModel):
    case = ForeignKeyField(Case, backref="escalations", on_delete="RESTRICT")
    kind = CharField(max_length=16)  # negotiation, mediation, arbitration, litigation
    started_on = DateField()
    counterpart = CharField(default="")
    reference = CharField(default="")
    outcome = TextField(default="")


class Letter(BaseModel):
    """An issued letter: immutable bytes; a correction is a new row."""

    case = ForeignKeyField(Case, backref="letters", on_delete="RESTRICT")
    kind = CharField(max_length=32)
    blob = ForeignKeyField(Blob, backref="letters", on_delete="RESTRICT")
    template_version = CharField(max_length=32)
    issued_at = UtcDateTimeField()
    issued_by = CharField()
    reference = CharField(max_length=40, null=True)  # RC-2026-00042/L3 (0010)
    event_at = UtcDateTimeField(null=True)  # the event the letter was written for (0010)


class LetterTemplate(BaseModel):
    """One edit of a letter's wording (0007); never updated, the newest version wins."""

    name = CharField(max_length=48)
    version = IntegerField()
    text = TextField()
    created_at = UtcDateTimeField()
    created_by = CharField()

    class Meta:
        indexes = ((("name", "version"), True),)


class MailImport(BaseModel):
    """A mail taken in (0008): its exact bytes' hash and Message-ID, and where it went."""

    sha256 = CharField(max_length=64, unique=True)
    message_id = CharField(index=True, default="")
    case = ForeignKeyField(Case, backref="mails", on_delete="RESTRICT")
    evidence = ForeignKeyField(Evidence, null=True, on_delete="RESTRICT")
    imported_at = UtcDateTimeField()
    imported_by = CharField()


class ImportedOrder(BaseModel):
    """One line item of an order as a shop's or payment provider's export showed it (0009).

    Keyed by platform, order id and line id, so importing the same or an
    overlapping file again changes rows instead of adding them twice.
    """

    platform = CharField(max_length=32)
    order_id = CharField()
    line_id = CharField()
    order_key = CharField(index=True)  # the order id lower-cased, without '#': prefix lookups
    email_key = CharField(index=True, default="")  # the e-mail lower-cased: prefix lookups
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
    license_code = CharField(default="")  # stored like Order.license_code, masked when shown
    subscription_period = CharField(max_length=32, default="")
    subscription_end = DateField(null=True)
    status = CharField(max_length=32, default="")
    dispute_status = CharField(max_length=32, default="")
    dispute_reason = CharField(max_length=64, default="")
    dispute_at = UtcDateTimeField(null=True)
    evidence_due_at = UtcDateTimeField(null=True)
    dispute_id = CharField(default="")  # the provider's own id of the dispute, when it gives one
    evidence_due_basis = CharField(default="")  # "" when the file gave the instant (0016)
    source_row = JsonField(default=dict)  # the export's row as it was
    imported_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()

    class Meta:
        indexes = ((("platform", "order_id", "line_id"), True),)


class ProviderDeadline(BaseModel):
    """A deadline set by a payment provider, not the policy (0009): a dispute's evidence-due.

    Kept apart from ``Deadline``, which is recomputed from the policy and the
    case's events and would drop a row the policy does not plan.
    """

    case = ForeignKeyField(Case, backref="provider_deadlines", on_delete="CASCADE")
    name = CharField(max_length=32)  # provider_evidence_due
    due_at = UtcDateTimeField(index=True)
    platform = CharField(max_length=32)
    reference = CharField(default="")  # the provider's payment or dispute id
    created_at = UtcDateTimeField()
    met_at = UtcDateTimeField(null=True)  # evidence sent to the provider (0016)
    met_by = CharField(default="")
    basis = CharField(default="")  # how the instant was found when the file gave none

    class Meta:
        indexes = ((("case", "name"), True),)


class AuditEvent(BaseModel):
    """Append-only trail; each row carries the hash of the previous one."""

    at = UtcDateTimeField()
    actor = CharField()
    case = ForeignKeyField(Case, backref="events", null=True, on_delete="RESTRICT")
    kind = CharField(max_length=48)
    data = JsonField(default=dict)
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64, unique=True)


class AppUser(BaseModel):
    """A person who works in this database; the audit trail and letters carry the name."""

    name = CharField(max_length=80, unique=True)
    active = BooleanField(default=True)
    created_at = UtcDateTimeField()


class SeatPresence(BaseModel):
    """One running window: who works there and which case it shows, refreshed while it runs."""

    seat = CharField(max_length=64, primary_key=True)
    user_name = CharField(max_length=80)
    host = CharField(default="")
    case_number = CharField(max_length=64, null=True, index=True)
    seen_at = UtcDateTimeField(index=True)


class ReminderNotice(BaseModel):
    """A desktop notice a person has had, so no seat of theirs shows it again."""

    user_name = CharField(max_length=80)
    notice_key = CharField()
    notified_at = UtcDateTimeField()

    class Meta:
        indexes = ((("user_name", "notice_key"), True),)


class ReminderState(BaseModel):
    """When a person's seat last looked for deadlines to announce."""

    user_name = CharField(max_length=80, unique=True)
    checked_at = UtcDateTimeField()


class CaseTally(BaseModel):
    """What one case adds to the dashboard's figures, so that a change to the case can take
    its old part away and add the new one in the same transaction."""

    case_id = IntegerField(primary_key=True)
    status = CharField(max_length=32)
    reason = CharField(max_length=32)
    decisions = JsonField(default=list)  # [[month, outcome, currency, cents], ...]


class DashboardTally(BaseModel):
    """One running total of the dashboard: cases per status or reason, decisions and
    refunds per month, outcome and currency (amounts in cents, never across currencies)."""

    kind = CharField(max_length=16)  # status, reason, decided
    key = CharField(max_length=64)
    currency = CharField(max_length=3, default="")
    count = IntegerField(default=0)
    amount = BigIntegerField(default=0)

    class Meta:
        indexes = ((("kind", "key", "currency"), True),)


ALL_MODELS = [
    Setting,
    Blob,
    Customer,
    Product,
    Order,
    CaseCounter,
    Case,
    Evidence,
    Deadline,
    Decision,
    Appeal,
    Escalation,
    Letter,
    LetterTemplate,
    MailImport,
    ImportedOrder,
    ProviderDeadline,
    AuditEvent,
    AppUser,
    SeatPresence,
    ReminderNotice,
    ReminderState,
    CaseTally,
    DashboardTally,
]
