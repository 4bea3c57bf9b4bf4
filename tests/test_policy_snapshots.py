"""A case keeps the policy text it was recorded under."""

from __future__ import annotations

import json

from casemanager.services.admin import policies
from casemanager.services.cases import records
from casemanager.store.models import Blob, Case
from tests.factories import new_case


def test_editing_the_shops_pack_later_leaves_old_cases_alone(ctx, tmp_path, monkeypatch):
    """Changing the shop's own pack file must not move the deadlines of cases already recorded."""
    monkeypatch.setenv("CASEMANAGER_HOME", str(tmp_path))  # this test's own policy folder
    path = policies.copy_builtin("antnum", "myshop", "My Shop policy")
    case = records.create_case(ctx, new_case(policy_id="myshop", currency="CNY"))
    before = {d.name: d.due_at for d in case.deadlines}

    data = json.loads(path.read_text(encoding="utf-8"))
    data["deadlines"]["review_by"]["amount"] = 2
    path.write_text(json.dumps(data), encoding="utf-8")

    stored = Case.get_by_id(case.id)
    assert policies.pack_for_case(stored).deadline_rule("review_by").amount == 5
    records.update_case(
        ctx,
        case.number,
        new_case(policy_id="myshop", currency="CNY", description="customer called"),
    )
    after = {d.name: d.due_at for d in Case.get_by_id(case.id).deadlines}
    assert after == before


def test_identical_pack_texts_are_stored_once(ctx):
    """A thousand cases under one policy keep one copy of its text, not a thousand."""
    for n in range(3):
        records.create_case(ctx, new_case(order_ref=f"A-{n}"))
    snapshots = Blob.select().where(Blob.mime == policies.PACK_MIME)
    assert snapshots.count() == 1
    assert {c.policy_snapshot_id for c in Case.select()} == {snapshots.get().sha256}


def test_shop_packs_are_listed_after_builtin_ones(ctx, tmp_path, monkeypatch):
    """The policy picker shows Anti Mart and ANTNUM first, then the shop's own packs."""
    monkeypatch.setenv("CASEMANAGER_HOME", str(tmp_path))  # this test's own policy folder
    policies.copy_builtin("antimart", "mine")
    ids = [p.id for p in policies.available_packs()]
    assert ids[:2] == ["antimart", "antnum"] and "mine" in ids
