from __future__ import annotations

import re

from chorus.lib.charts import Bar, bar_chart, column_chart


def _bars() -> list[Bar]:
    return [
        Bar(label="July 2022", value=3, short_label="Jul\n2022"),
        Bar(label="August 2022", value=0, short_label="Aug"),
        Bar(label="<September> & co", value=1, short_label="Sep", highlight=True),
    ]


def test_it_draws_an_accessible_column_chart():
    svg = column_chart(
        _bars(),
        chart_id="months",
        title="Stories each month",
        description="Three months.",
        unit=("story", "stories"),
    )
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="months-title months-desc"' in svg
    assert '<title id="months-title">Stories each month</title>' in svg
    assert '<desc id="months-desc">Three months.</desc>' in svg
    assert len(re.findall(r"<rect ", svg)) == 3
    assert "<title>July 2022: 3 stories</title>" in svg
    assert "<title>August 2022: 0 stories</title>" in svg
    assert "<title>&lt;September&gt; &amp; co: 1 story</title>" in svg
    assert 'class="bar-alt"' in svg


def test_it_draws_an_accessible_bar_chart():
    svg = bar_chart(_bars(), chart_id="segments", title="By segment", description="Three groups.")
    assert 'role="img"' in svg and 'aria-labelledby="segments-title segments-desc"' in svg
    assert len(re.findall(r"<rect ", svg)) == 3
    assert "<title>July 2022: 3</title>" in svg
    assert "<September>" not in svg


def test_it_uses_no_inline_styles_or_scripts_under_the_strict_csp():
    for svg in (
        column_chart(_bars(), chart_id="a", title="t", description="d"),
        bar_chart(_bars(), chart_id="b", title="t", description="d"),
    ):
        assert "style=" not in svg
        assert "<script" not in svg


def test_it_copes_with_no_bars_and_all_zeros():
    assert 'role="img"' in column_chart([], chart_id="a", title="t", description="d")
    zeros = [Bar(label="x", value=0), Bar(label="y", value=0)]
    assert 'height="0.0"' in column_chart(zeros, chart_id="a", title="t", description="d")
    assert 'width="0.0"' in bar_chart(zeros, chart_id="b", title="t", description="d")


def test_it_labels_only_some_columns_when_there_are_many():
    many = [Bar(label=f"Month {n}", value=n, short_label=f"M{n}") for n in range(60)]
    svg = column_chart(many, chart_id="a", title="t", description="d")
    assert len(re.findall(r"<rect ", svg)) == 60
    assert ">M0<" in svg and ">M1<" not in svg
