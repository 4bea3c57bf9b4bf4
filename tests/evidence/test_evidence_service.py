"""Adding, listing, removing, verifying and purging evidence (services, real SQLite)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from casemanager.content.names import clean_name
from casemanager.services import audit
from casemanager.services.admin import integrity
from casemanager.services.cases import records
from casemanager.services.evidence import intake
from casemanager.services.evidence.intake import EvidenceError, EvidenceLimits, NewEvidence
from casemanager.store.models import AuditEvent, Blob, Evidence
from tests.evidence import files
from tests.factories import new_case

RECEIVED = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)


def item(data: bytes, name: str = "shot.png", kind: str = "error_screenshot", **kw) -> NewEvidence:
    return NewEvidence(data=data, original_name=name, kind=kind, received_at=RECEIVED, **kw)


@pytest.fixture
def number(ctx) -> str:
    return records.create_case(ctx, new_case()).number


def test_added_file_is_stored_with_hash_and_one_audit_event(ctx, number):
    """An added screenshot appears on the case with its hash, and the trail records it once."""
    before = AuditEvent.select().count()
    result = intake.add_evidence(ctx, number, [item(files.png(), description="Error 0x80")])
    assert not result.refused
    (added,) = result.added
    assert added.mime == "image/png" and added.description == "Error 0x80"
    assert Blob.get_by_id(added.sha256).size == len(files.png())
    assert intake.evidence_data(ctx, added.id) == files.png()
    assert AuditEvent.select().count() == before + 1
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).first().kind == "evidence_added"
    assert audit.verify_chain(ctx) == []


def test_same_file_twice_is_stored_once(ctx, number):
    """The same file on two cases takes the space of one; twice on one case is refused."""
    other = records.create_case(ctx, new_case(order_ref="AM-2002")).number
    blobs = Blob.select().count()
    intake.add_evidence(ctx, number, [item(files.png(), "a.png")])
    intake.add_evidence(ctx, other, [item(files.png(), "b.png")])
    again = intake.add_evidence(ctx, number, [item(files.png(), "c.png")])
    assert Blob.select().count() == blobs + 1
    assert Evidence.select().count() == 2
    assert "already attached as 'a.png'" in again.refused[0].reason


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (files.EXECUTABLE, "invoice.png", "application/x-msdownload are not accepted"),
        (files.huge_png_header(), "giant.png", "50000 × 50000 pixels"),
        (files.broken_header_png(), "broken.png", "header is damaged"),
        (b"", "empty.txt", "empty"),
        (bytes(range(256)) * 4, "data.txt", "not a recognised type"),
    ],
)
def test_bad_file_is_refused_by_name_and_nothing_is_stored(ctx, number, data, name, words):
    """A file that cannot be evidence is named with the reason, and leaves no trace."""
    events, blobs = AuditEvent.select().count(), Blob.select().count()
    result = intake.add_evidence(ctx, number, [item(data, name), item(files.png(), "ok.png")])
    assert [r.name for r in result.refused] == [name]
    assert words in result.refused[0].reason
    assert [a.name for a in result.added] == ["ok.png"]
    assert Blob.select().count() == blobs + 1
    assert AuditEvent.select().count() == events + 1
    assert integrity.verify(ctx).ok


def test_extension_that_lies_is_judged_by_content(ctx, number):
    """A PDF named .png is stored as a PDF, so it is previewed as one."""
    (added,) = intake.add_evidence(ctx, number, [item(files.PDF, "photo.png")]).added
    assert added.mime == "application/pdf" and added.category == "pdf"


def test_email_and_text_are_recognised(ctx, number):
    """Forwarded e-mails and receipts are accepted and told apart."""
    result = intake.add_evidence(
        ctx, number, [item(files.EML, "mail.txt"), item(files.TEXT, "receipt", "payment_proof")]
    )
    assert [a.mime for a in result.added] == ["message/rfc822", "text/plain"]


def test_limits_per_file_and_per_case(ctx, number):
    """Files over the configured limits are refused with sizes in the message."""
    intake.set_limits(ctx, EvidenceLimits(max_file_bytes=1000, max_case_bytes=1500))
    assert intake.get_limits(ctx) == EvidenceLimits(1000, 1500)
    big = b"Receipt.\n" * 120
    first, second = b"A receipt\n" * 80, b"B receipt\n" * 80
    result = intake.add_evidence(ctx, number, [item(big, "big.txt"), item(first, "a.txt")])
    assert "1.1 KB, more than the 1000 bytes allowed per file" in result.refused[0].reason
    assert [a.name for a in result.added] == ["a.txt"]
    more = intake.add_evidence(ctx, number, [item(second, "b.txt")])
    assert "allowed per case" in more.refused[0].reason


def test_bad_limits_name_the_field(ctx):
    """A nonsense limit is refused naming the setting."""
    with pytest.raises(EvidenceError, match="max_file_bytes"):
        intake.set_limits(ctx, EvidenceLimits(max_file_bytes=0))


def test_read_upload_refuses_oversize_before_reading(ctx, tmp_path):
    """A huge file on disk is refused by its size, without loading it."""
    path = tmp_path / "big.bin"
    with path.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    with pytest.raises(intake.FileRefused, match="50 MB allowed per file"):
        intake.read_upload(ctx, path)


def test_bad_kind_names_the_field_and_stores_nothing(ctx, number):
    """A wrong kind in a batch stops the whole batch before anything is stored."""
    with pytest.raises(EvidenceError, match="kind"):
        intake.add_evidence(ctx, number, [item(files.png()), item(files.TEXT, kind="photo")])
    assert Evidence.select().count() == 0


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("invoice\u202egnp.exe", "invoicegnp.exe"),
        ("sc\u200breen\u200dshot\u2066.png", "screenshot.png"),
        ("../../x", "x"),
        ("..\\..\\windows\\evil.png", "evil.png"),
        ("line\nbreak\r\x00.png", "linebreak.png"),
        ("", "unnamed file"),
    ],
)
def test_hostile_names_are_cleaned(hostile, expected):
    """A file name cannot disguise itself or point at a path."""
    assert clean_name(hostile) == expected


def test_very_long_name_is_capped_keeping_extension(ctx, number):
    """A 1,000 character name is shortened for display and keeps its type visible."""
    (added,) = intake.add_evidence(ctx, number, [item(files.png(), "a" * 996 + ".png")]).added
    assert len(added.name) <= 120 and added.name.endswith("….png")


def test_remove_is_soft_and_purge_frees_the_bytes(ctx, number):
    """Removed evidence leaves the list but stays recorded; purge then deletes its bytes."""
    (kept,) = intake.add_evidence(ctx, number, [item(files.png(), "kept.png")]).added
    (gone,) = intake.add_evidence(ctx, number, [item(files.PDF, "gone.pdf")]).added
    with pytest.raises(EvidenceError, match="reason"):
        intake.remove_evidence(ctx, gone.id, "  ")
    intake.remove_evidence(ctx, gone.id, "sent by mistake")
    assert [e.name for e in intake.list_evidence(ctx, number)] == ["kept.png"]
    removed = intake.list_evidence(ctx, number, include_removed=True)[1]
    assert removed.removed_reason == "sent by mistake" and removed.removed_by == "tester"
    assert Blob.get_or_none(Blob.sha256 == gone.sha256) is not None
    assert intake.purge_preview(ctx) == intake.PurgeSummary(1, len(files.PDF))
    assert Blob.get_or_none(Blob.sha256 == gone.sha256) is not None  # the preview deletes nothing
    summary = intake.purge_removed(ctx)
    assert summary == intake.PurgeSummary(1, len(files.PDF))
    assert intake.purge_preview(ctx) == intake.PurgeSummary(0, 0)
    assert Blob.get_or_none(Blob.sha256 == gone.sha256) is None
    assert Blob.get_or_none(Blob.sha256 == kept.sha256) is not None
    assert intake.get_evidence(ctx, gone.id).sha256 is None
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).first().kind == "evidence_purged"
    assert integrity.verify(ctx).ok


def test_purge_keeps_bytes_still_used_by_another_case(ctx, number):
    """Removing a file from one case never deletes it from another."""
    other = records.create_case(ctx, new_case(order_ref="AM-3")).number
    (a,) = intake.add_evidence(ctx, number, [item(files.png())]).added
    intake.add_evidence(ctx, other, [item(files.png())])
    intake.remove_evidence(ctx, a.id, "duplicate")
    assert intake.purge_removed(ctx).blobs == 0


def test_mark_verified_records_note_time_and_person(ctx, number, clock):
    """The shop's check of a key with the manufacturer is recorded on the evidence."""
    (added,) = intake.add_evidence(ctx, number, [item(files.png())]).added
    done = intake.mark_verified(ctx, added.id, "key checked with the manufacturer's server")
    assert done.verified_at == clock.now() and done.verified_by == "tester"
    assert done.verified_note == "key checked with the manufacturer's server"
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).first().kind == "evidence_verified"


def test_tampered_blob_is_found_for_its_case_only(ctx, number, db_path):
    """Verify evidence names the damaged file and its case; other cases stay clean."""
    other = records.create_case(ctx, new_case(order_ref="AM-4")).number
    (bad,) = intake.add_evidence(ctx, number, [item(files.png(), "shot.png")]).added
    intake.add_evidence(ctx, other, [item(files.TEXT, "receipt.txt", "payment_proof")])
    assert integrity.verify_evidence(ctx, number).ok
    with sqlite3.connect(db_path) as conn:
        data = bytearray(files.png())
        data[-20] ^= 1
        conn.execute("UPDATE blob SET data = ? WHERE sha256 = ?", (bytes(data), bad.sha256))
    report = integrity.verify_evidence(ctx, number)
    assert [p.case_number for p in report.problems] == [number]
    assert "shot.png" in report.problems[0].message
    assert integrity.verify_evidence(ctx, other).ok
    assert not integrity.verify_evidence(ctx).ok
    with pytest.raises(LookupError):
        integrity.verify_evidence(ctx, "RC-1999-00001")
