"""DashboardWidget: the figures of the dashboard service as charts that open the list."""

from __future__ import annotations

import calendar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

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
    """'2026-03' -> 'Mar'; January carries its year so the axis reads across years."""
    year, number = month.split("-")
    name = calendar.month_abbr[int(number)]
    return f"{name} {year[2:]}" if number == "01" else name


class DashboardWidget(QWidget):
    """Emits ``filter_chosen(CaseFilter)`` when a bar is clicked."""

    filter_chosen = Signal(object)
    figures_shown = Signal()

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dashboard")
        self.status_chart = BarChart("Open cases by status", horizontal=True)
        self.due_chart = BarChart("Open cases by next deadline")
        self.decision_chart = BarChart("Decisions per month")
        self.refund_chart = BarChart("Refunds per month")
        self.reason_chart = BarChart("Top reasons", horizontal=True)
        self.headline = QLabel("Loading…")
        self.headline.setObjectName("dashboardHeadline")
        self.headline.setStyleSheet("font-size: 14pt; font-weight: 600;")
        grid = QGridLayout()
        grid.addWidget(self.status_chart, 0, 0, 2, 1)
        grid.addWidget(self.due_chart, 0, 1)
        grid.addWidget(self.reason_chart, 0, 2)
        grid.addWidget(self.decision_chart, 1, 1)
        grid.addWidget(self.refund_chart, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(grid, 1)
        for chart in self.charts():
            chart.bar_clicked.connect(self.filter_chosen)

    def charts(self) -> list[BarChart]:
        return [
            self.status_chart,
            self.due_chart,
            self.decision_chart,
            self.refund_chart,
            self.reason_chart,
        ]

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
        refund_months = months
        self.refund_chart.set_data(
            [_month_label(m) for m in refund_months] if f.refunds else [],
            [
                Series(
                    currency,
                    CURRENCY_COLOURS[i % len(CURRENCY_COLOURS)],
                    [float(total) for _, total in totals],
                    [
                        CaseFilter(view="all", decision="approved", decided_month=m)
                        for m, _ in totals
                    ],
                )
                for i, (currency, totals) in enumerate(f.refunds.items())
            ],
        )
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
