"""DashboardWidget: the figures of the dashboard service as charts that open the list."""

from __future__ import annotations

import calendar
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from casemanager.domain import CaseStatus, humanize
from casemanager.services.cases import dashboard
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.cases.dashboard import DashboardFigures
from casemanager.services.context import AppContext
from ui import formatting
from ui.dashboard.chart import BarChart, Series
from ui.workers import run_in_background

BLUE, RED, GREEN, AMBER = "#3574f0", "#d84c4c", "#3ea76a", "#e0a030"
CURRENCY_COLOURS = ("#3574f0", "#8e5bd6", "#1fa39a", "#e07b39")


def _month_label(month: str) -> str:
    """'2026-03' -> 'Mar 2026': twelve months reach back into the year before."""
    year, number = month.split("-")
    return f"{calendar.month_abbr[int(number)]} {year}"


class RefundCharts(QWidget):
    """Refunds per month as small multiples: one chart per currency, each its own scale
    (amounts in different currencies are never added or drawn against one axis)."""

    bar_clicked = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("refundCharts")
        self.charts: dict[str, BarChart] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.empty = BarChart("Refunds per month")
        self._layout.addWidget(self.empty)

    def set_refunds(self, refunds: dict[str, list[tuple[str, Decimal]]]) -> None:
        for chart in self.charts.values():
            self._layout.removeWidget(chart)
            chart.deleteLater()
        self.charts = {}
        self.empty.setVisible(not refunds)
        for i, (currency, totals) in enumerate(refunds.items()):
            chart = BarChart(
                f"Refunds per month ({currency})",
                value_axis=currency,
                category_axis="Month decided",
            )
            chart.setObjectName(f"refundChart{currency}")
            chart.setMinimumSize(240, 170)
            chart.hover = lambda value, cur=currency: formatting.money(value, cur)
            chart.set_data(
                [_month_label(m) for m, _ in totals],
                [
                    Series(
                        "Refunded",
                        CURRENCY_COLOURS[i % len(CURRENCY_COLOURS)],
                        [float(total) for _, total in totals],
                        [
                            CaseFilter(view="all", decision="approved", decided_month=m)
                            for m, _ in totals
                        ],
                    )
                ],
            )
            chart.bar_clicked.connect(self.bar_clicked)
            self._layout.addWidget(chart)
            self.charts[currency] = chart


class DashboardWidget(QWidget):
    """Emits ``filter_chosen(CaseFilter)`` when a bar is clicked."""

    filter_chosen = Signal(object)
    figures_shown = Signal()

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dashboard")
        self.status_chart = BarChart("Open cases by status", horizontal=True)
        self.due_chart = BarChart("Open cases by next deadline", value_axis="Cases")
        self.decision_chart = BarChart(
            "Decisions per month", value_axis="Decisions", category_axis="Month decided"
        )
        self.refund_charts = RefundCharts()
        self.reason_chart = BarChart("Top reasons", horizontal=True)
        self.headline = QLabel("Loading…")
        self.headline.setObjectName("dashboardHeadline")
        self.headline.setStyleSheet("font-size: 14pt; font-weight: 600;")
        grid = QGridLayout()
        grid.addWidget(self.status_chart, 0, 0, 2, 1)
        grid.addWidget(self.due_chart, 0, 1)
        grid.addWidget(self.reason_chart, 0, 2)
        grid.addWidget(self.decision_chart, 1, 1, 1, 2)
        # Small multiples side by side: one chart per currency, each on its own scale.
        grid.addWidget(self.refund_charts, 2, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(grid, 1)
        for chart in self.charts():
            chart.bar_clicked.connect(self.filter_chosen)
        self.refund_charts.bar_clicked.connect(self.filter_chosen)

    def charts(self) -> list[BarChart]:
        """The charts of one figure each (the refunds have one per currency besides)."""
        return [self.status_chart, self.due_chart, self.decision_chart, self.reason_chart]

    def refresh(self) -> None:
        """Load the figures off the GUI thread, then draw them."""
        run_in_background(
            self.ctx,
            lambda: dashboard.figures(self.ctx),
            self.show_figures,
            lambda exc: self.headline.setText(f"Dashboard not available: {exc}"),
            owner=self,
        )

    def show_figures(self, f: DashboardFigures) -> None:
        total_open = sum(f.open_by_status.values())
        self.headline.setText(
            f"{formatting.count(total_open, 'open case')} · "
            f"{formatting.count(f.overdue, 'case')} overdue · "
            f"{formatting.count(f.due_today, 'case')} due today"
        )
        statuses = [s for s in CaseStatus if s.value in f.open_by_status]
        self.status_chart.set_data(
            [s.label for s in statuses],
            [
                Series(
                    "Open",
                    BLUE,
                    [f.open_by_status[s.value] for s in statuses],
                    [CaseFilter(view="open", status=s.value) for s in statuses],
                )
            ],
        )
        self.due_chart.set_data(
            ["Overdue", "Due today", "This week"],
            [
                Series(
                    "Cases",
                    AMBER,
                    [f.overdue, f.due_today, f.due_week],
                    [CaseFilter(view="open", due=d) for d in ("overdue", "today", "week")],
                )
            ],
        )
        months = [m.month for m in f.decisions]
        self.decision_chart.set_data(
            [_month_label(m) for m in months],
            [
                Series(
                    outcome.capitalize(),
                    colour,
                    [getattr(m, outcome) for m in f.decisions],
                    [CaseFilter(view="all", decision=outcome, decided_month=m) for m in months],
                )
                for outcome, colour in (("approved", GREEN), ("rejected", RED))
            ],
        )
        self.refund_charts.set_refunds(f.refunds)
        self.reason_chart.set_data(
            [humanize(r) for r, _ in f.top_reasons],
            [
                Series(
                    "Cases",
                    BLUE,
                    [n for _, n in f.top_reasons],
                    [CaseFilter(view="all", reason=r) for r, _ in f.top_reasons],
                )
            ],
        )
        self.figures_shown.emit()
