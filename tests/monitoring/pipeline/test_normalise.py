"""Canonical URLs, plain-text headlines, safe summaries, languages and UTC dates."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from chorus.monitoring.pipeline.normalise import (
    canonical_url,
    detect_language,
    plain_text,
    sanitise_html,
    to_utc,
)

# --- canonical_url -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shared", "canonical"),
    [
        (
            "https://www.bbc.co.uk/news/articles/c0000test01o?at_medium=RSS&at_campaign=rss",
            "https://www.bbc.co.uk/news/articles/c0000test01o",
        ),
        (
            "https://www.bbc.co.uk/news/uk-00000001?ns_mchannel=social&ns_source=twitter"
            "&ns_campaign=bbc_news&ns_linkname=news_central",
            "https://www.bbc.co.uk/news/uk-00000001",
        ),
        (
            "https://www.theguardian.com/uk-news/2025/jun/10/story?CMP=share_btn_tw",
            "https://www.theguardian.com/uk-news/2025/jun/10/story",
        ),
        (
            "https://www.itv.com/news/2025-06-10/story?utm_source=newsletter&utm_medium=email"
            "&utm_campaign=daily&fbclid=IwAR0abc&gclid=xyz&mc_cid=1&mc_eid=2",
            "https://www.itv.com/news/2025-06-10/story",
        ),
        (
            "https://www.independent.co.uk/news/uk/story-b1.html?itm_source=parsely-api"
            "&itm_medium=related&ocid=msn&cmpid=rss",
            "https://www.independent.co.uk/news/uk/story-b1.html",
        ),
    ],
)
def test_it_removes_tracking_parameters_outlets_add(shared, canonical):
    assert canonical_url(shared) == canonical


def test_it_lower_cases_scheme_and_host_but_keeps_the_path_case():
    assert (
        canonical_url("HTTPS://WWW.Example-Herald.CO.UK/News/Asylum-Story")
        == "https://www.example-herald.co.uk/News/Asylum-Story"
    )


def test_it_drops_default_ports_fragments_and_credentials_and_keeps_other_ports():
    assert canonical_url("https://news.example.org:443/a#comments") == "https://news.example.org/a"
    assert canonical_url("http://news.example.org:80/a") == "http://news.example.org/a"
    assert canonical_url("http://news.example.org:8080/a") == "http://news.example.org:8080/a"
    assert canonical_url("https://editor:secret@news.example.org/a") == "https://news.example.org/a"


def test_it_sorts_the_remaining_query_so_two_spellings_match():
    one = canonical_url("https://news.example.org/search?q=asylum&page=2&utm_source=x")
    other = canonical_url("https://news.example.org/search?page=2&q=asylum")
    assert one == other == "https://news.example.org/search?page=2&q=asylum"


def test_it_keeps_query_values_as_written():
    url = "https://news.example.org/a?q=small%20boats&tag=UK%2FEurope"
    assert canonical_url(url) == url


def test_it_is_stable_when_applied_twice():
    once = canonical_url("HTTP://Example.org:80/Path/?b=2&a=1&utm_medium=rss#x")
    assert canonical_url(once) == once == "http://example.org/Path/?a=1&b=2"


def test_it_gives_an_empty_path_a_slash():
    assert canonical_url("https://example.org") == "https://example.org/"


def test_it_leaves_text_that_is_not_a_web_address_alone():
    assert canonical_url("  mailto:desk@example.org ") == "mailto:desk@example.org"
    assert canonical_url("not a url") == "not a url"


# --- plain_text ----------------------------------------------------------------------------


def test_it_strips_tags_and_drops_script_content_from_headlines():
    headline = "<b>Crossings</b> rise<script>alert(document.cookie)</script> <i>again</i>"
    assert plain_text(headline) == "Crossings rise again"


def test_it_decodes_entities_exactly_once():
    assert plain_text("Fish &amp; chips") == "Fish & chips"
    assert plain_text("Writing &amp;lt;b&amp;gt; in HTML") == "Writing &lt;b&gt; in HTML"
    assert plain_text("Caf&eacute; &pound;5 &#8211; &#x2019;") == "Café £5 – ’"


def test_it_keeps_a_less_than_sign_that_is_not_a_tag():
    assert plain_text("Arrivals < last year") == "Arrivals < last year"


def test_it_collapses_whitespace_and_separates_block_elements():
    assert plain_text("  <p>First</p><p>Second\n\n line</p><br>Third ") == "First Second line Third"


def test_a_headline_that_smuggles_markup_in_entities_comes_out_as_text():
    # After decoding the text contains "<script>": as text, to be escaped on output.
    assert plain_text("&lt;script&gt;x&lt;/script&gt; news") == "<script>x</script> news"


def test_plain_text_of_nothing_is_nothing():
    assert plain_text("") == ""
    assert plain_text(" \n ") == ""


# --- sanitise_html -------------------------------------------------------------------------


def test_it_keeps_the_small_set_of_summary_markup():
    summary = (
        "<p>One <em>two</em> <strong>three</strong><br></p><ul><li>a</li></ul>"
        "<ol><li>b</li></ol><blockquote>quote</blockquote>"
    )
    assert sanitise_html(summary) == summary


def test_it_removes_scripts_styles_images_frames_forms_and_event_handlers():
    cleaned = sanitise_html(
        '<p onclick="steal()" style="position:fixed" class="x">Text</p>'
        "<script>alert(1)</script><style>body{display:none}</style>"
        '<img src="https://tracker.example/pixel.gif" onerror="alert(2)">'
        '<iframe src="https://evil.example/"></iframe>'
        '<form action="https://evil.example/"><input name="password"></form>'
        '<svg onload="alert(3)"><circle/></svg>'
    )
    assert cleaned == "<p>Text</p>"


def test_links_keep_only_http_addresses_and_get_noopener():
    cleaned = sanitise_html(
        '<a href="javascript:alert(1)">a</a> <a href="data:text/html,x">b</a> '
        '<a href="https://www.example.org/ok" target="_blank" onmouseover="x()">c</a>'
    )
    assert "javascript:" not in cleaned
    assert "data:" not in cleaned
    assert "onmouseover" not in cleaned
    assert "target" not in cleaned
    assert '<a href="https://www.example.org/ok" rel="noopener noreferrer">c</a>' in cleaned


def test_relative_links_are_resolved_against_the_base_or_dropped():
    summary = '<a href="/news/2">more</a>'
    assert sanitise_html(summary, base_url="https://www.example.org/news/1") == (
        '<a href="https://www.example.org/news/2" rel="noopener noreferrer">more</a>'
    )
    assert sanitise_html(summary) == '<a rel="noopener noreferrer">more</a>'


def test_sanitising_twice_changes_nothing():
    once = sanitise_html('<p>Hi <a href="https://example.org/">x</a><img src="x"></p>')
    assert sanitise_html(once) == once


# --- detect_language -----------------------------------------------------------------------


# Invented headlines (and a few headline + summary pairs, as ingestion passes them).
LABELLED = [
    ("en", "Small boat crossings rise"),
    ("en", "Home Office"),
    ("en", "Asylum backlog falls"),
    ("en", "Calais migrants"),
    ("en", "Rwanda plan"),
    ("en", "Refugee Week begins in Glasgow"),
    ("en", "Kent council asks for support"),
    ("en", "MPs vote on asylum bill"),
    ("en", "Charity warns of hotel evictions"),
    ("en", "Judge halts deportation flight"),
    ("en", "Refugee Week begins in Glasgow. Choirs and cafés across the city open their doors."),
    ("en", "Small boat arrivals pass 14,000. More than 600 people crossed on Monday."),
    ("fr", "Les traversées de la Manche"),
    ("fr", "Calais : un campement évacué"),
    ("fr", "Un migrant meurt près de Dunkerque"),
    ("de", "Die Zahl der Asylanträge"),
    ("de", "Flüchtlinge in Berlin"),
    ("de", "Neue Regeln für Abschiebungen"),
    ("es", "Las solicitudes de asilo en España aumentaron durante el último año"),
    ("es", "Llegan más pateras a Canarias"),
    ("it", "Sbarchi a Lampedusa"),
    ("it", "Nuovo decreto sui migranti"),
    ("nl", "Nieuwe regels voor asielzoekers in Nederland"),
    ("pl", "Uchodźcy z Ukrainy w Polsce"),
    ("uk", "Біженці з України"),
    ("ar", "اللاجئون في المملكة المتحدة"),
    ("fa", "پناهجویان در بریتانیا"),
    ("el", "Πρόσφυγες στη Λέσβο"),
    ("pt", "Pedidos de asilo em Portugal aumentam"),
    ("cy", "Ffoaduriaid yn cyrraedd Caerdydd"),
]


def test_it_never_names_the_wrong_language_and_names_most_of_them():
    guesses = [(expected, detect_language(text), text) for expected, text in LABELLED]
    wrong = [g for g in guesses if g[1] not in (g[0], "und")]
    right = [g for g in guesses if g[1] == g[0]]
    assert wrong == []
    # Short headlines are often "und" (ingestion then uses the source's language).
    assert len(right) >= 2 / 3 * len(LABELLED)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Small boat arrivals pass 14,000. More than 600 people crossed on Monday.", "en"),
        ("Les traversées de la Manche ont fortement augmenté cette semaine", "fr"),
        ("Die Zahl der Asylanträge in Deutschland ist im Mai deutlich gesunken", "de"),
        ("Las solicitudes de asilo en España aumentaron durante el último año", "es"),
    ],
)
def test_it_names_the_language_of_a_headline_with_its_summary(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "Calais", "12 345 678", "!!!"])
def test_it_says_und_when_there_is_too_little_to_go_on(text):
    assert detect_language(text) == "und"


# --- to_utc --------------------------------------------------------------------------------

JUNE_10_1303 = datetime(2025, 6, 10, 13, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "Tue, 10 Jun 2025 13:03:00 GMT",
        "Tue, 10 Jun 2025 14:03:00 BST",
        "Tue, 10 Jun 2025 15:03:00 CEST",
        "10 Jun 2025 15:03:00 +0200",
        "Tue, 10 Jun 2025 09:03:00 EDT",
        "2025-06-10T13:03:00Z",
        "2025-06-10T14:03:00+01:00",
        "2025-06-10T14:03:00+0100",
        "2025-06-10 13:03:00",
        " 2025-06-10T13:03:00.000Z ",
    ],
)
def test_it_reads_feed_dates_as_utc(value):
    moment = to_utc(value)
    assert moment == JUNE_10_1303
    assert moment is not None and moment.utcoffset() == timedelta(0)


def test_it_converts_datetimes_and_struct_times():
    paris = timezone(timedelta(hours=2))
    assert to_utc(datetime(2025, 6, 10, 15, 3, tzinfo=paris)) == JUNE_10_1303
    naive = datetime(2025, 6, 10, 13, 3, tzinfo=UTC).replace(tzinfo=None)
    assert to_utc(naive) == JUNE_10_1303  # taken as UTC
    assert to_utc(time.struct_time((2025, 6, 10, 13, 3, 0, 1, 161, 0))) == JUNE_10_1303


@pytest.mark.parametrize(
    "value", ["", "yesterday", "Mon, 32 Jun 2025 10:00:00 GMT", "2025-13-40", None, 1749560580]
)
def test_it_gives_none_for_what_is_not_a_date(value):
    assert to_utc(value) is None
