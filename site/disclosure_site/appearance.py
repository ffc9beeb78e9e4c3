"""Colour arithmetic of the office's look: WCAG 2.x relative luminance and contrast.

The office picks its own colours (:class:`disclosure_site.models.SiteAppearance`);
a pair that a visitor with low vision could not read is refused when it is saved.
"""

from __future__ import annotations

import re

#: WCAG 2.1 AA for normal text (1.4.3).
TEXT_CONTRAST = 4.5
#: WCAG 2.1 AA for parts of the interface such as the current page's mark (1.4.11).
UI_CONTRAST = 3.0

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"


def rgb(colour: str) -> tuple[int, int, int]:
    """``#0a3d6b`` -> (10, 61, 107)."""
    if not HEX_COLOUR.match(colour or ""):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance: 0 for black, 1 for white."""
    r, g, b = (_channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance on top: 1 to 21."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour: str, amount: float = 0.25) -> str:
    """The colour mixed with ``amount`` of black: the navigation bar under the header."""
    return "#" + "".join(f"{round(v * (1 - amount)):02x}" for v in rgb(colour))
