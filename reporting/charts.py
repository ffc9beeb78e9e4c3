"""Bar charts drawn on the server as inline SVG: no script, no CDN, text labels.

Each bar's label is written on its own line above the bar, from the chart's left
edge, so no label is cut off however long it is or however narrow the screen (the
SVG scales down as a whole); the value follows the bar's end.
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_HEIGHT = 20  # a line of 13-px text with room for Thai vowels above and below
BAR_HEIGHT = 20
GAP = 12
BAR_SPACE = 560
VALUE_WIDTH = 60
LABEL_CHARS = 70  # longer labels are shortened on the chart, whole in its table


@dataclass
class Bar:
    label: str
    value: int
    y: int  # the top of the bar's row: its label's line
    width: int
    full_label: str = ""

    @property
    def label_y(self) -> int:
        return self.y + LABEL_HEIGHT - 5

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_HEIGHT

    @property
    def text_y(self) -> int:
        return self.bar_y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> int:
        return self.width + 6


@dataclass
class BarChart:
    """A horizontal bar chart; the template draws it and a table of the same data."""

    chart_id: str
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (LABEL_HEIGHT + BAR_HEIGHT + GAP) + GAP

    @property
    def width(self) -> int:
        return BAR_SPACE + VALUE_WIDTH

    @property
    def label_x(self) -> int:
        return 0

    @property
    def bar_x(self) -> int:
        return 0

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]]) -> BarChart:
    """Scale the bars to the largest value; very long labels are shortened on the
    chart (the chart's data table, its text alternative, keeps them whole)."""
    largest = max((value for _label, value in rows), default=0) or 1
    bars = []
    for n, (label, value) in enumerate(rows):
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 2] + "…"
        bars.append(
            Bar(
                label=short,
                value=value,
                y=GAP + n * (LABEL_HEIGHT + BAR_HEIGHT + GAP),
                width=round(BAR_SPACE * value / largest),
                full_label=label,
            )
        )
    return BarChart(chart_id=chart_id, title=title, bars=bars)
