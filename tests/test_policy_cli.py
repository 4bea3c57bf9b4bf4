"""`policy list --db`: the packs, and how many cases of that database use each."""

from __future__ import annotations

from casemanager.services.cases import records
from tests.cli_helpers import run_cli
from tests.factories import new_case


def test_policy_list_counts_the_cases_of_the_database_given(capsys, ctx, db_spec):
    """Pointed at the shop's database, the pack list says which packs its cases use."""
    records.create_case(ctx, new_case(order_ref="P-1"))
    records.create_case(ctx, new_case(order_ref="P-2"))
    code, out, err = run_cli(capsys, "policy", "list", "--db", db_spec)
    assert code == 0, err
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "     2 cases" in lines["antimart"] and "     0 cases" in lines["antnum"]
    code, plain, err = run_cli(capsys, "policy", "list")
    assert code == 0 and "cases" not in plain
