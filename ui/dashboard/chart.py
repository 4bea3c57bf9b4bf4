"""A small bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials).

Vertical charts have a value axis (title, zero, the middle and the top) and a
category axis title; category labels that do not fit side by side are drawn
slanted rather than cut ("Jan 2026", never "Ja…"). Hovering a bar shows its
category, series and exact value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

SLANT = -40.0  # degrees of category labels that do not fit side by side


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: list[float]
    targets: list[Any]  # what clicking each bar opens (a CaseFilter), None for nothing


class BarChart(QWidget):
    """Grouped vertical bars, one group per category; clicking a bar emits its target."""

    bar_clicked = Signal(object)

    def __init__(
        self,
        title: str,
        horizontal: bool = False,
        parent=None,
        value_axis: str = "",
        category_axis: str = "",
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.value_axis, self.category_axis = value_axis, category_axis
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.value_format = "{:,.0f}"
        # The exact value shown on hover (money keeps its cents and currency there).
        self.hover_format = "{:,.0f}"
        self.hover: Callable[[float], str] | None = None  # instead of the format, if set
        self._hits: list[tuple[QRectF, Any, str]] = []
        self.setMouseTracking(True)
        self.setMinimumSize(260, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, categories: list[str], series: list[Series]) -> None:
        self.categories, self.series = categories, series
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(420, 240)

    def click_bar(self, target_index: int) -> None:
        """Emit the target of the n-th bar painted (what a click on it does)."""
        self.bar_clicked.emit(self._hits[target_index][1])

    def hover_text(self, index: int) -> str:
        """What hovering the n-th bar painted shows."""
        return self._hits[index][2]

    def _hover(self, category: str, series: Series, value: float) -> str:
        shown = self.hover(value) if self.hover else self.hover_format.format(value)
        return f"{category} · {series.name}: {shown}"

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(pal.ColorRole.WindowText)
        fm = QFontMetrics(self.font())
        line = fm.height()
        title_font = self.font()
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(text)
        p.drawText(QPointF(8, line), self.title)
        p.setFont(self.font())
        self._hits = []
        legend_y = line * 2 if len(self.series) > 1 else line
        if len(self.series) > 1:
            x = 8.0
            for s in self.series:
                p.fillRect(QRectF(x, legend_y - line * 0.7, 10, 10), QColor(s.colour))
                p.drawText(QPointF(x + 14, legend_y), s.name)
                x += 24 + fm.horizontalAdvance(s.name)
        area = QRectF(
            8, legend_y + line * 0.6, self.width() - 16, self.height() - legend_y - line * 0.8
        )
        if not self.categories:
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, "No data yet")
            return
        peak = max((v for s in self.series for v in s.values), default=0) or 1
        if self.horizontal:
            self._paint_horizontal(p, area, peak, fm, text)
        else:
            self._paint_vertical(p, area, peak, fm, text)

    def _paint_vertical(self, p: QPainter, area: QRectF, peak: float, fm, text) -> None:
        line = fm.height()
        slanted = self._slanted(fm, area.width())
        below = line * 1.4
        if slanted:
            widest = max(fm.horizontalAdvance(c) for c in self.categories)
            below = widest * 0.68 + line  # sin 40° of the longest label, and a margin
        if self.category_axis:
            below += line
        ticks = [0.0, peak / 2, peak]
        tick_width = max(fm.horizontalAdvance(self.value_format.format(t)) for t in ticks) + 6
        left = tick_width + (line + 2 if self.value_axis else 0)
        area = area.adjusted(left, line, 0, -below)
        grid = QColor(text)
        grid.setAlpha(60)
        for tick in ticks:
            y = area.bottom() - area.height() * tick / peak
            p.setPen(grid)
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(text)
            p.drawText(
                QRectF(area.left() - tick_width, y - line / 2, tick_width - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.value_format.format(tick),
            )
        if self.value_axis:
            p.save()
            p.translate(area.left() - tick_width - 4, area.center().y())
            p.rotate(-90)
            p.drawText(
                QRectF(-area.height() / 2, -line, area.height(), line),
                Qt.AlignmentFlag.AlignCenter,
                self.value_axis,
            )
            p.restore()
        if self.category_axis:
            p.drawText(
                QRectF(area.left(), self.height() - line - 2, area.width(), line),
                Qt.AlignmentFlag.AlignCenter,
                self.category_axis,
            )
        group = area.width() / len(self.categories)
        bar = max(2.0, group * 0.8 / max(1, len(self.series)))
        for i, category in enumerate(self.categories):
            left_edge = area.left() + i * group + group * 0.1
            for j, s in enumerate(self.series):
                value = s.values[i]
                height = area.height() * value / peak
                rect = QRectF(left_edge + j * bar, area.bottom() - height, bar - 1, height)
                p.fillRect(rect, QColor(s.colour))
                hit = QRectF(rect.left(), area.top(), rect.width(), area.height())
                target = s.targets[i] if i < len(s.targets) else None
                self._hits.append((hit, target, self._hover(category, s, value)))
                if value and bar >= fm.horizontalAdvance(self.value_format.format(value)):
                    p.setPen(text)
                    p.drawText(
                        QRectF(rect.left() - 10, rect.top() - line, rect.width() + 20, line),
                        Qt.AlignmentFlag.AlignCenter,
                        self.value_format.format(value),
                    )
            p.setPen(text)
            centre = area.left() + (i + 0.5) * group
            if slanted:
                p.save()
                p.translate(centre, area.bottom() + line * 0.4)
                p.rotate(SLANT)
                width = fm.horizontalAdvance(category)
                p.drawText(
                    QRectF(-width, 0, width, line),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    category,
                )
                p.restore()
            else:
                p.drawText(
                    QRectF(area.left() + i * group, area.bottom() + 2, group, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    category,
                )

    def _slanted(self, fm, width: float) -> bool:
        """Whether the category labels need slanting to be read whole."""
        group = width / max(1, len(self.categories))
        return any(fm.horizontalAdvance(c) + 6 > group for c in self.categories)

    def _paint_horizontal(self, p: QPainter, area: QRectF, peak: float, fm, text) -> None:
        line = fm.height()
        widest = max(fm.horizontalAdvance(c) for c in self.categories) + 8
        label_width = min(area.width() * 0.4, widest)
        value_width = fm.horizontalAdvance(self.value_format.format(peak)) + 8
        row = min(area.height() / len(self.categories), line * 2.2)
        bars_width = area.width() - label_width - value_width
        band = max(2.0, row * 0.75 / max(1, len(self.series)))
        for i, category in enumerate(self.categories):
            top = area.top() + i * row
            p.setPen(text)
            label = fm.elidedText(category, Qt.TextElideMode.ElideRight, int(label_width - 8))
            p.drawText(
                QRectF(area.left(), top, label_width - 8, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            for j, s in enumerate(self.series):
                value = s.values[i]
                width = bars_width * value / peak
                rect = QRectF(
                    area.left() + label_width, top + row * 0.125 + j * band, width, band - 1
                )
                p.fillRect(rect, QColor(s.colour))
                hit = QRectF(area.left(), top, area.width(), row)
                target = s.targets[i] if i < len(s.targets) else None
                self._hits.append((hit, target, self._hover(category, s, value)))
                p.setPen(text)
                p.drawText(
                    QRectF(rect.right() + 4, rect.top(), value_width, rect.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    self.value_format.format(value),
                )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        for rect, target, _tip in self._hits:
            if target is not None and rect.contains(event.position()):
                self.bar_clicked.emit(target)
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        under = [(t, tip) for r, t, tip in self._hits if r.contains(event.position())]
        over = any(t is not None for t, _tip in under)
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        if under:
            QToolTip.showText(event.globalPosition().toPoint(), under[0][1], self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)
