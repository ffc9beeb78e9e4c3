"""Bar charts drawn on the server as inline SVG: no script, no CDN, text labels."""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
BAR_SPACE = 320
VALUE_WIDTH = 60


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    full_label: str = ""

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass
class BarChart:
    """A horizontal bar chart; the template draws it and a table of the same data."""

    chart_id: str
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + GAP) + GAP

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_SPACE + VALUE_WIDTH

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8

    @property
    def bar_x(self) -> int:
        return LABEL_WIDTH

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]]) -> BarChart:
    """Scale the bars to the largest value; long labels are shortened on the bars
    (the chart's data table, its text alternative, keeps them whole)."""
    largest = max((value for _label, value in rows), default=0) or 1
    bars = []
    for n, (label, value) in enumerate(rows):
        short = label if len(label) <= 38 else label[:36] + "…"
        bars.append(
            Bar(
                label=short,
                value=value,
                y=GAP + n * (BAR_HEIGHT + GAP),
                width=round(BAR_SPACE * value / largest),
                full_label=label,
            )
        )
    return BarChart(chart_id=chart_id, title=title, bars=bars)
