"""Export cases as a BagIt bundle and import them elsewhere: same records, same bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import bagit
import pytest

from casemanager.cli import main
from casemanager.services.files import bundles
from casemanager.store.models import Blob, Case, Evidence, Letter
from tests.exchange.bundle_helpers import (
    make_source,
    open_ctx,
    read_entries,
    reseal,
    row_counts,
    with_evidence,
    write_zip,
)

# Ids and foreign keys are this database's own; the audit trail is the importing
# seat's (the original trail is kept inside its case_imported event).
LOCAL_KEYS = {"id", "case", "customer", "order", "product", "decision"}


def _normalised(value):
    if isinstance(value, dict):
        return {
            k: _normalised(v)
            for k, v in value.items()
            if k != "audit_events" and not (k in LOCAL_KEYS and isinstance(v, int | None))
        }
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def _documents(bundle: Path) -> dict[str, dict]:
    with zipfile.ZipFile(bundle) as zf:
        return {
            name.split("/")[1]: json.loads(zf.read(name))
            for name in zf.namelist()
            if name.endswith("/case.json") and name.count("/") == 2
        }


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """A source database with demo cases and letters, and a bundle of all its cases."""
    folder = tmp_path_factory.mktemp("source")
    numbers = make_source(folder / "source.sqlite3")
    with open_ctx(folder / "source.sqlite3") as ctx:
        bundle = bundles.export_cases(ctx, numbers, folder / "all.zip")
    return folder / "source.sqlite3", bundle, numbers


def test_round_trip_gives_the_same_cases(source, tmp_path):
    """A case moved to another machine would arrive changed or incomplete."""
    _, bundle, numbers = source
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        result = bundles.import_bundle(ctx, bundle)
        assert [new for _, new in result.imported] == numbers
        assert with_evidence(), "the demo data should include evidence"
        again = bundles.export_cases(ctx, numbers, tmp_path / "again.zip")
        imported_events = [e.data for c in Case.select() for e in c.events]
    before, after = _documents(bundle), _documents(again)
    assert set(before) == set(numbers)
    for number in numbers:
        assert _normalised(after[number]) == _normalised(before[number])
    assert all(e["original_trail"] for e in imported_events)
    original, copied = dict(read_entries(bundle)), dict(read_entries(again))
    evidence = [n for n in original if "/evidence/" in n]
    letters = [n for n in original if "/letters/" in n]
    assert evidence and letters
    for name in evidence + letters:
        assert copied[name] == original[name], name


def test_letters_and_evidence_are_stored_byte_identical(source, tmp_path):
    """An imported letter or evidence file would differ from what was issued or received."""
    path, bundle, numbers = source
    with open_ctx(path) as ctx:
        letters = {(x.case.number, x.blob_id): bytes(x.blob.data) for x in Letter.select()}
        files = {(e.case.number, e.blob_id) for e in Evidence.select() if e.blob_id}
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        bundles.import_bundle(ctx, bundle)
        got = {(x.case.number, x.blob_id): bytes(x.blob.data) for x in Letter.select()}
        assert got == letters
        assert {(e.case.number, e.blob_id) for e in Evidence.select() if e.blob_id} == files
        for blob in Blob.select():
            assert hashlib.sha256(bytes(blob.data)).hexdigest() == blob.sha256


def test_bundle_validates_with_the_reference_bagit_tool(source, tmp_path):
    """A payment provider's or archive's BagIt tool would reject the bundle."""
    _, bundle, _ = source
    shutil.unpack_archive(bundle, tmp_path / "bag", "zip")
    bagit.Bag(str(tmp_path / "bag")).validate()  # what `python -m bagit --validate` runs
    names = {p.name for p in (tmp_path / "bag").iterdir()}
    assert {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt"} <= names
    assert "tagmanifest-sha256.txt" in names


def test_single_case_bundle_layout_and_masked_code(source, tmp_path):
    """A single-case bundle would be laid out differently or leak the full licence code."""
    path, _, numbers = source
    number = with_evidence_number(path)
    with open_ctx(path) as ctx:
        out = bundles.export_cases(ctx, [number], tmp_path / "one.zip")
        code = Case.get(Case.number == number).order.license_code
    names = zipfile.ZipFile(out).namelist()
    assert {"data/case.json", "data/summary.pdf", "bagit.txt"} <= set(names)
    evidence = [n for n in names if n.startswith("data/evidence/")]
    assert evidence and all(n.split("/")[-1][:4].rstrip("-").isdigit() for n in evidence)
    assert not any(n.endswith(".exe") for n in evidence)  # the suffix says what it really is
    doc = json.loads(zipfile.ZipFile(out).read("data/case.json"))
    assert doc["case"]["number"] == number
    if code:
        assert code not in json.dumps(doc, ensure_ascii=False)
        assert doc["order"]["license_code"].endswith(code[-4:])
    assert all(len(e["sha256"]) == 64 for e in doc["evidence"] if e["file"])


def with_evidence_number(path: Path) -> str:
    with open_ctx(path):
        return with_evidence()[0]


@pytest.mark.parametrize("damage", ["flip", "add", "remove"])
def test_tampered_bundle_is_refused(source, tmp_path, damage):
    """A bundle altered in transit (one bit, one file more or less) would be imported."""
    _, bundle, _ = source
    entries = read_entries(bundle)
    index = next(i for i, (n, _) in enumerate(entries) if "/evidence/" in n)
    name, data = entries[index]
    if damage == "flip":
        entries[index] = (name, bytes([data[0] ^ 1]) + data[1:])
        expected = "checksum does not match"
    elif damage == "add":
        entries.append(("data/extra.txt", b"planted"))
        expected = "not listed in manifest"
    else:
        del entries[index]
        expected = "missing from the bundle"
    bad = write_zip(tmp_path / "bad.zip", entries)
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        counts = row_counts()
        with pytest.raises(bundles.BundleRefused, match=expected):
            bundles.import_bundle(ctx, bad)
        assert row_counts() == counts


def test_conflicting_case_is_skipped_or_copied(source, tmp_path):
    """Importing a case already present would overwrite it or fail instead of offering a copy."""
    _, bundle, numbers = source
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        bundles.import_bundle(ctx, bundle)
        skipped = bundles.import_bundle(ctx, bundle, on_conflict="skip")
        assert skipped.skipped == numbers and not skipped.imported
        copied = bundles.import_bundle(ctx, bundle, on_conflict="copy")
        new = [n for _, n in copied.imported]
        assert len(new) == len(numbers) and not set(new) & set(numbers)
        assert Case.select().count() == 2 * len(numbers)
        kinds = [e.kind for e in Case.get(Case.number == new[0]).events]
        assert kinds == ["case_imported"]


def test_changed_evidence_refuses_export_and_writes_nothing(source, tmp_path):
    """Evidence altered after intake would be handed out as if it were the original."""
    path, _, _ = source
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(path, copy)
    with open_ctx(copy) as ctx:
        ev = Evidence.select().where(Evidence.blob.is_null(False)).first()
        Blob.update(data=b"tampered").where(Blob.sha256 == ev.blob_id).execute()
        with pytest.raises(bundles.BundleError, match=ev.case.number):
            bundles.export_cases(ctx, [ev.case.number], tmp_path / "out.zip")
    assert list(tmp_path.glob("out.zip*")) == []


def test_cancelled_export_leaves_no_file_and_progress_reaches_total(source, tmp_path):
    """Cancelling would leave a half-written bundle, or the progress bar would never finish."""
    path, _, numbers = source
    seen = []
    with open_ctx(path) as ctx:
        with pytest.raises(bundles.ExportCancelled):
            bundles.export_cases(ctx, numbers, tmp_path / "c.zip", cancelled=lambda: True)
        bundles.export_cases(
            ctx, numbers, tmp_path / "p.zip", progress=lambda d, t: seen.append((d, t))
        )
    assert not (tmp_path / "c.zip").exists() and not (tmp_path / "c.zip.partial").exists()
    assert seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_broken_second_case_rolls_back_the_first(source, tmp_path):
    """A bundle failing half-way would leave some of its cases imported."""
    _, bundle, _ = source
    entries = read_entries(bundle)
    last = max(i for i, (n, _) in enumerate(entries) if n.endswith("/case.json"))
    doc = json.loads(entries[last][1])
    doc["case"]["reported_at"] = "yesterday"
    entries[last] = (entries[last][0], json.dumps(doc).encode())
    bad = write_zip(tmp_path / "bad.zip", reseal(entries))
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        counts = row_counts()
        with pytest.raises(bundles.BundleRefused, match="reported_at"):
            bundles.import_bundle(ctx, bad)
        assert row_counts() == counts


def test_cli_export_and_import(source, tmp_path, capsys):
    """The command line would not export or import bundles, or accept bad input silently."""
    path, _, numbers = source
    out = tmp_path / "cli.zip"
    assert main(["export", *numbers[:2], "--out", str(out), "--db", str(path)]) == 0
    dest = str(tmp_path / "dest.sqlite3")
    assert main(["import", str(out), "--db", dest]) == 0
    assert main(["import", str(out), "--db", dest, "--on-conflict", "copy"]) == 0
    assert "as RC-" in capsys.readouterr().out
    assert main(["export", "RC-1999-00001", "--out", str(out), "--db", str(path)]) == 2
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert main(["import", str(junk), "--db", dest]) == 2
    err = capsys.readouterr().err
    assert "no case numbered 'RC-1999-00001'" in err and "not a readable zip" in err


def test_foreign_bag_passes_checks_but_is_refused_for_missing_case(tmp_path):
    """A valid bag from another tool would crash the import instead of being named plainly."""
    folder = tmp_path / "bag"
    (folder / "scans").mkdir(parents=True)
    (folder / "scans" / "invoice.txt").write_text("Invoice 17\n")
    bagit.make_bag(str(folder), checksums=["sha256", "sha512"])
    archive = shutil.make_archive(str(tmp_path / "foreign"), "zip", root_dir=folder)
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        counts = row_counts()
        with pytest.raises(bundles.BundleRefused, match="no data/case.json"):
            bundles.import_bundle(ctx, archive)
        assert row_counts() == counts
