"""The annual report document (chorus.impact.annual) as a page, a PDF, CSV and JSON.

Everything here renders a document and nothing else: a draft's freshly built one or
a published version's stored snapshot, so a published report renders as it was.
"""

from __future__ import annotations

import base64
import csv
import datetime
import io
import json
import re
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from chorus.lib.charts import Bar, bar_chart, column_chart

CSV_COLUMNS = [
    "section",
    "code",
    "title",
    "group",
    "value",
    "shown_as",
    "unit",
    "numerator",
    "denominator",
    "previous_period",
    "previous_value",
    "change",
    "definition_version",
    "records_url",
]


def _chart(figure: dict[str, Any], period_label: str) -> dict[str, Any] | None:
    """A vector chart of a breakdown and its alt text; none for one group or a hidden value."""
    rows = figure["rows"]
    if len(rows) < 2 or any(row.get("suppressed") for row in rows):
        return None
    unit = (figure["unit"].rstrip("s"), figure["unit"])
    title = f"{figure['title']}, {period_label}"
    parts = "; ".join(
        f"{row['label']} {row['value']:,}"
        + (f" ({row['percent']}%)" if row.get("percent") is not None else "")
        for row in rows
    )
    description = f"Bar chart of {figure['title'].lower()}: {parts}."
    if all(len(row["key"]) == 7 and row["key"][4] == "-" for row in rows):  # months
        bars = []
        for index, row in enumerate(rows):
            month = datetime.date.fromisoformat(f"{row['key']}-01")
            short = f"{month:%b}\n{month:%Y}" if index == 0 or month.month == 1 else f"{month:%b}"
            bars.append(Bar(label=row["label"], value=row["value"], short_label=short))
        svg = column_chart(
            bars,
            chart_id=f"chart-{figure['code']}",
            title=title,
            description=description,
            unit=unit,
        )
    else:
        bars = [
            Bar(label=row["label"], value=row["value"], highlight=row.get("highlight", False))
            for row in rows
        ]
        svg = bar_chart(
            bars,
            chart_id=f"chart-{figure['code']}",
            title=title,
            description=description,
            unit=unit,
        )
    return {"svg": svg, "alt": description}


def _logo() -> str:
    """The charity's logo as a data URI (WeasyPrint fetches nothing), or empty."""
    path = finders.find(settings.CHORUS_CHARITY_LOGO)
    if not path or isinstance(path, list):
        return ""
    with open(path, "rb") as handle:
        data = handle.read()
    kind = "image/svg+xml" if str(path).endswith(".svg") else "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def context(document: dict[str, Any]) -> dict[str, Any]:
    """What the templates need: the document, with a chart for each breakdown."""
    sections = []
    for section in document["sections"]:
        figures = []
        for figure in section["figures"]:
            chart = (
                _chart(figure, document["period_short_label"])
                if figure["kind"] == "breakdown"
                else None
            )
            figures.append({**figure, "chart": chart})
        sections.append(
            {
                **section,
                "headline": [f for f in figures if f["kind"] != "breakdown"],
                "breakdowns": [f for f in figures if f["kind"] == "breakdown"],
            }
        )
    return {"doc": document, "sections": sections}


# WeasyPrint styles an inline SVG only from a style sheet inside it.
_SVG_OPEN = re.compile(r'(<svg xmlns="http://www.w3.org/2000/svg" class="chart"[^>]*>)')
_SVG_STYLE = (
    "<style>.bar{fill:#1d4f6e}.bar-alt{fill:#e08a2c}.axis{stroke:#8a9099}"
    "text{fill:#1d1d1f;font-size:10px;font-family:sans-serif}</style>"
)


def as_html(document: dict[str, Any], *, for_pdf: bool = False) -> str:
    """A complete page with its own CSS (the PDF's source, or a file to send)."""
    html = render_to_string(
        "impact/annual_standalone.html",
        {**context(document), "logo": _logo(), "for_pdf": for_pdf},
    )
    return _SVG_OPEN.sub(lambda m: m.group(1) + _SVG_STYLE, html) if for_pdf else html


def as_pdf(document: dict[str, Any]) -> bytes:
    html = as_html(document, for_pdf=True)
    # Imported here: loading WeasyPrint parses its stylesheets and fonts (a second of
    # start-up), which only a PDF should pay for.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The logo is inline (a data: URI); the report fetches nothing from anywhere else.
    only_inline = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return bytes(HTML(string=html, url_fetcher=only_inline).write_pdf())


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)


def _number(value: Any) -> Any:
    return "" if value is None else value


def as_csv(document: dict[str, Any]) -> str:
    """One line per figure and per group of a breakdown; hidden values are left empty."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for section in document["sections"]:
        for figure in section["figures"]:
            previous = figure.get("previous") or {}
            scalar = figure["kind"] != "breakdown"
            value = figure["value"]
            if isinstance(value, dict):  # a figure with parts (the top post): its main value
                value = value.get("value")
            writer.writerow(
                [
                    section["title"],
                    figure["code"],
                    figure["title"],
                    "",
                    _number(value) if scalar else "",
                    figure["display"],
                    figure["unit"],
                    _number(figure.get("numerator")),
                    _number(figure.get("denominator")),
                    previous.get("period", ""),
                    previous.get("display", ""),
                    previous.get("change", ""),
                    figure["definition_version"],
                    figure["records_url"],
                ]
            )
            for row in figure["rows"]:
                writer.writerow(
                    [
                        section["title"],
                        figure["code"],
                        figure["title"],
                        row["label"],
                        _number(row["value"]),
                        row["display"],
                        figure["unit"],
                        "",
                        "",
                        "",
                        "",
                        "",
                        figure["definition_version"],
                        row["records_url"],
                    ]
                )
        for missing in section["missing"]:
            writer.writerow(
                [
                    section["title"],
                    missing["code"],
                    missing["what"],
                    "",
                    "",
                    "not recorded in Chorus",
                ]
                + [""] * (len(CSV_COLUMNS) - 6)
            )
    return out.getvalue()


def chart_svgs(document: dict[str, Any]) -> list[SafeString]:
    return [
        f["chart"]["svg"]
        for s in context(document)["sections"]
        for f in s["breakdowns"]
        if f["chart"]
    ]
