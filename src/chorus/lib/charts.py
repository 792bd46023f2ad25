"""Accessible SVG charts drawn on the server.

Plain functions that take numbers and return markup-safe SVG, so one chart serves a
page, a printed report and a standalone file. Each chart is an image with a name
(<title>) and a summary (<desc>); each bar carries its own <title> with its value.
Pages should also give the same numbers as a table. Under the strict CSP there are
no style attributes and no scripts: colours come from the CSS classes `chart`,
`bar`, `bar-alt` and `axis`.

This module must not import any Chorus app.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify


@dataclass(frozen=True)
class Bar:
    label: str  # in full, for the bar's <title>: "July 2022"
    value: float
    # Under a column: "Jul", or "Jul\n2022" for two lines. Defaults to the label.
    short_label: str = ""
    highlight: bool = False  # drawn with `bar-alt`


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _value_text(value: float, unit: tuple[str, str]) -> str:
    one, many = unit
    return f"{_number(value)} {one if value == 1 else many}".strip()


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above value, for a readable axis."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def _open(chart_id: str, width: float, height: float, title: str, description: str) -> list[str]:
    chart_id = escape(slugify(chart_id) or "chart")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def column_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: tuple[str, str] = ("", ""),
) -> SafeString:
    """Vertical bars in order (months, weeks…), with a value axis from zero.

    `unit` is the (singular, plural) noun after each value: ("placement", "placements").
    """
    left, right, top, plot_height, bottom = 40, 8, 18, 160, 36
    slot = max(12.0, min(48.0, 640 / max(len(bars), 1)))
    width = left + slot * len(bars) + right
    height = top + plot_height + bottom
    top_value = _nice_ceiling(max((bar.value for bar in bars), default=0))
    baseline = top + plot_height
    # Label every bar when they fit; otherwise every n-th, so labels never overlap.
    label_every = max(1, math.ceil(len(bars) / 24))
    show_values = len(bars) <= 24

    parts = _open(chart_id, width, height, title, description)
    for fraction in (0, 0.5, 1):
        tick_value = top_value * fraction
        if not float(tick_value).is_integer():
            continue  # counts have no half-way mark worth labelling
        y = baseline - plot_height * fraction
        parts.append(f'<line class="axis" x1="{left - 4}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_number(tick_value)}</text>'
        )
    parts.append(f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{baseline}"/>')

    gap = slot * 0.2
    for index, bar in enumerate(bars):
        x = left + index * slot + gap / 2
        bar_width = slot - gap
        bar_height = plot_height * max(bar.value, 0) / top_value
        y = baseline - bar_height
        css = "bar-alt" if bar.highlight else "bar"
        tooltip = f"{bar.label}: {_value_text(bar.value, unit)}"
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" '
            f'height="{bar_height:.1f}"><title>{escape(tooltip)}</title></rect>'
        )
        centre = x + bar_width / 2
        if show_values:
            parts.append(
                f'<text x="{centre:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'aria-hidden="true">{_number(bar.value)}</text>'
            )
        if index % label_every == 0:
            lines = (bar.short_label or bar.label).split("\n")
            spans = "".join(
                f'<tspan x="{centre:.1f}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
                for n, line in enumerate(lines)
            )
            parts.append(
                f'<text x="{centre:.1f}" y="{baseline + 15}" text-anchor="middle" '
                f'aria-hidden="true">{spans}</text>'
            )
    parts.append(
        f'<line class="axis" x1="{left}" y1="{baseline}" x2="{width - right:.1f}" y2="{baseline}"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text above is escaped)


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: tuple[str, str] = ("", ""),
) -> SafeString:
    """Horizontal bars with their labels on the left: categories (segments, formats…)."""
    longest = max((len(bar.label) for bar in bars), default=0)
    label_width = min(200, 16 + 6.5 * longest)
    bar_area, value_width, row, bar_height, top = 320, 90, 28, 18, 6
    width = label_width + bar_area + value_width
    height = top * 2 + row * len(bars)
    top_value = max((bar.value for bar in bars), default=0) or 1

    parts = _open(chart_id, width, height, title, description)
    for index, bar in enumerate(bars):
        y = top + index * row
        length = bar_area * max(bar.value, 0) / top_value
        css = "bar-alt" if bar.highlight else "bar"
        tooltip = f"{bar.label}: {_value_text(bar.value, unit)}"
        text_y = y + bar_height / 2 + 4
        parts.append(
            f'<text x="{label_width - 8:.1f}" y="{text_y:.1f}" text-anchor="end" '
            f'aria-hidden="true">{escape(bar.label)}</text>'
        )
        parts.append(
            f'<rect class="{css}" x="{label_width:.1f}" y="{y:.1f}" width="{length:.1f}" '
            f'height="{bar_height}"><title>{escape(tooltip)}</title></rect>'
        )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{text_y:.1f}" '
            f'aria-hidden="true">{_number(bar.value)}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{label_width:.1f}" y1="{top / 2}" '
        f'x2="{label_width:.1f}" y2="{height - top / 2:.1f}"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text above is escaped)
