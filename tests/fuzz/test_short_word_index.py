"""Any names and e-mails the field limits admit: the index of customers' short pieces
finds exactly the customers LIKE (ILIKE on a server) finds, for any word of one or two
characters, their own pieces and strangers alike."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from casemanager.policy import limits
from casemanager.store.models import Customer
from tests.desk.test_short_words import _indexed_customers, _like_customers
from tests.fuzz.strategies import ANY_CHARACTER

# Every script, controls and combining marks included, and LIKE's own wildcards.
_value = st.one_of(
    st.text(ANY_CHARACTER, max_size=12),
    st.text(st.sampled_from("aAzZ%_\\.@ 伟王Ёёß\u0301İı"), max_size=12),
)


class _RolledBack(Exception):
    """Leaves the example's customers unwritten (the index rolls back with them)."""


@pytest.mark.timeout(120)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(st.tuples(_value, _value), min_size=1, max_size=5),
    strangers=st.lists(st.text(ANY_CHARACTER, min_size=1, max_size=2), max_size=5),
)
def test_the_index_agrees_with_like_for_any_values(ctx, people, strangers):
    try:
        admitted = [
            (limits.text(n, "name", limits.NAME, required=True), limits.text(e, "email", 254))
            for n, e in people
        ]
    except limits.LimitError:
        admitted = []
    assume(admitted)
    words = {w for w in strangers if "\x00" not in w and limits._SURROGATE.search(w) is None}
    for text in (t for pair in admitted for t in pair):
        for size in (1, 2):
            for start in range(len(text) - size + 1):
                piece = text[start : start + size]
                words |= {piece, piece.upper(), piece.lower()}
    words = {w for w in words if 0 < len(w) <= 2}
    with pytest.raises(_RolledBack), ctx.transaction():
        for name, email in admitted:
            Customer.create(name=name, email=email, created_at=ctx.clock.now())
        for word in sorted(words):
            assert _indexed_customers(ctx, word) == _like_customers(ctx, word), repr(word)
        raise _RolledBack
