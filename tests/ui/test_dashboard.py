"""The dashboard: one refund chart per currency, months with their year, values on hover."""

from __future__ import annotations

import re

from casemanager.services.demo import generate
from ui.dashboard.widget import DashboardWidget


def test_refunds_are_small_multiples_per_currency_with_readable_months(qtbot, ctx):
    """Three currencies give three refund charts on their own scales, never one mixed sum."""
    generate.generate(ctx, 400, seed=2026)
    widget = DashboardWidget(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    with qtbot.waitSignal(widget.figures_shown, timeout=15000):
        widget.refresh()
    charts = widget.refund_charts.charts
    assert len(charts) >= 2
    qtbot.waitUntil(lambda: all(chart.isVisible() for chart in charts.values()))
    assert not widget.refund_charts.empty.isVisible()
    for currency, chart in charts.items():
        assert len(chart.series) == 1 and chart.value_axis == currency
        assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", c) for c in chart.categories)
        chart.repaint()
        tips = [chart.hover_text(i) for i in range(len(chart.categories))]
        assert all(tip.endswith(f" {currency}") for tip in tips)
        assert re.fullmatch(rf"\w{{3}} \d{{4}} · Refunded: [\d,]+\.\d\d {currency}", tips[-1])
    peaks = {c: max(ch.series[0].values) for c, ch in charts.items()}
    assert len(set(peaks.values())) == len(peaks)  # each chart scaled to its own currency
    decisions = widget.decision_chart
    assert decisions.value_axis and decisions.category_axis
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{4}", decisions.categories[0])
