"""Full-text extraction: the article and not the page around it, under hard limits.

The fixture pages copy the shape of UK and French news templates; their stories are invented.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chorus.monitoring.pipeline.extract import (
    Extracted,
    ExtractError,
    Extractor,
    detect_language,
    extract,
    extract_page,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
REPO = Path(__file__).resolve().parents[3]


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# Worker stand-ins for the limit tests. They must be module-level functions: the pool's
# workers import this module by name to find them.


def looping_extract(html: str | bytes, url: str | None) -> Extracted:
    if isinstance(html, str) and "LOOP-FOREVER" in html:
        while True:
            pass
    return extract_page(html, url)


def greedy_extract(html: str | bytes, url: str | None) -> Extracted:
    if isinstance(html, str) and "EAT-MEMORY" in html:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    return extract_page(html, url)


def small_page(text: str) -> str:
    return f"<html><body><article><h1>Headline</h1><p>{text}</p></article></body></html>"


BODY_SENTENCE = (
    "The council said on Tuesday that the new shelter in Dover would open next month, with "
    "room for forty people and a rota of volunteers."
)


# --- What a reader gets from a page ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body", "boilerplate"),
    [
        (
            "guardian_style.html",
            [
                "A church hall in Dover will open as a winter shelter this week",
                "“We saw families sleeping in the bus station last January",
                "Funding for one winter only",
                "donations of warm clothing in adult sizes.",
            ],
            [
                "Sign up to First Edition",
                "Related: Charities warn",
                "Photograph:",
                "Explore more on these topics",
                "Most viewed",
                "We use cookies",
                "Church hall will offer forty beds",  # the standfirst
                "All rights reserved",
            ],
        ),
        (
            "bbc_style.html",
            [
                "Twelve families have been moved out of a Glasgow hostel",
                "'We had no time to explain'",
                "moves were sometimes needed at short notice.",
            ],
            [
                "By Tom Arkwright",
                "Image caption",
                "More on this story",
                "Related topics",
                "Top stories",
                "Copyright",
            ],
        ),
        (
            "regional_style.html",
            [
                "A drop-in health clinic for refugees and people seeking asylum",
                "“People come to us because they do not know where else to go,” she said.",
                "registering with local GP surgeries before the clinic closes.",
            ],
            [
                "READ MORE",
                "Town hall lights up",
                "Advertisement",
                "straight to your inbox",
                "WhatsApp",
                "Have you got a story",
                "Most Read",
                "Volunteers say they have run out of options",  # the standfirst
            ],
        ),
        (
            "lemonde_style.html",
            ["Chaque soir, une trentaine de bénévoles", "deux gymnases supplémentaires"],
            ["Lire aussi", "à bout de souffle", "International"],
        ),
    ],
)
def test_it_extracts_the_article_body_and_not_the_boilerplate(
    name: str, body: list[str], boilerplate: list[str]
) -> None:
    text = extract(page(name)).text
    for sentence in body:
        assert sentence in text
    for junk in boilerplate:
        assert junk not in text


def test_it_puts_each_paragraph_on_its_own_line_without_the_headline() -> None:
    lines = extract(page("guardian_style.html")).text.splitlines()
    assert lines[0].startswith("A church hall in Dover will open")
    assert lines[1].startswith("The shelter, run by a network of local congregations")
    assert len(lines) == 6
    assert "Volunteers in Dover open winter shelter for new arrivals" not in lines


@pytest.mark.parametrize(
    ("name", "title", "language", "published"),
    [
        (
            "guardian_style.html",
            "Volunteers in Dover open winter shelter for new arrivals",
            "en",
            datetime(2025, 11, 3, 7, 15, tzinfo=UTC),
        ),
        (
            "bbc_style.html",
            "Glasgow families moved from hostel at short notice",
            "en",
            datetime(2025, 9, 17, 16, 42, 10, tzinfo=UTC),
        ),
        (
            "regional_style.html",
            "Middlesbrough drop-in clinic for refugees to close in December",
            "en",
            datetime(2025, 6, 2, 17, 15, tzinfo=UTC),  # 18:15 BST
        ),
        (
            "lemonde_style.html",
            "À Calais, les bénévoles face à un hiver difficile",
            "fr",
            datetime(2025, 12, 8, 5, 30, tzinfo=UTC),  # 06:30 in Paris
        ),
    ],
)
def test_it_reads_title_language_and_publication_time_in_utc(
    name: str, title: str, language: str, published: datetime
) -> None:
    result = extract(page(name))
    assert result.title == title
    assert result.language == language
    assert result.published == published


def test_it_uses_the_publishers_article_text_when_the_page_only_shows_a_teaser() -> None:
    body = " ".join([BODY_SENTENCE] * 1) + (
        " Volunteers from three churches will take turns on the night shift. The trust is "
        "asking for blankets, towels and warm coats in adult sizes. A doctor from the town "
        "will hold a surgery in the hall every Thursday evening. Organisers said the hall had "
        "been checked by the fire service and would keep a log of everyone who stays."
    )
    ld = json.dumps({"@type": "NewsArticle", "headline": "Shelter opens", "articleBody": body})
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
        "<div id='root'><h1>Shelter opens</h1><p>The council said on Tuesday…</p>"
        "<noscript>Please enable JavaScript to read this article.</noscript></div></body></html>"
    )
    text = extract(html).text
    assert "take turns on the night shift" in text
    assert "enable JavaScript" not in text


def test_it_reads_bytes_in_the_pages_own_encoding() -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"></head><body><article><p>'
        "Les bénévoles de Calais distribuent des repas chauds à la gare chaque soir, "
        "même en hiver, et ils ont besoin de couvertures supplémentaires.</p></article>"
        "</body></html>"
    ).encode("iso-8859-1")
    result = extract(html)
    assert "Les bénévoles de Calais distribuent" in result.text
    assert result.language == "fr"


def test_it_says_und_when_the_language_is_unclear() -> None:
    assert detect_language("OK 12 34") == "und"
    assert detect_language("OK 12 34", declared="de-DE") == "de"
    assert detect_language(BODY_SENTENCE, declared="fr") == "en"


@pytest.mark.parametrize("html", ["", "   ", b"", "just some words, no markup at all"])
def test_it_refuses_input_that_is_not_a_page(html: str | bytes) -> None:
    with pytest.raises(ValueError, match="empty|not an HTML page"):
        extract(html)


# --- The isolated pool --------------------------------------------------------------------


def test_the_pool_answers_in_input_order() -> None:
    pages = [(f"p{i}", small_page(f"Story number {i}. {BODY_SENTENCE}"), None) for i in range(9)]
    with Extractor(workers=2) as extractor:
        results = list(extractor.extract_many(pages))
    assert [page_id for page_id, _ in results] == [f"p{i}" for i in range(9)]
    for i, (_, result) in enumerate(results):
        assert isinstance(result, Extracted)
        assert result.text.startswith(f"Story number {i}.")


def test_a_page_that_runs_forever_is_stopped_and_the_next_page_still_extracts() -> None:
    pages = [
        ("stuck", small_page("LOOP-FOREVER " + BODY_SENTENCE), None),
        ("next", small_page(BODY_SENTENCE), None),
    ]
    started = time.monotonic()
    with Extractor(workers=1, extract_function=looping_extract) as extractor:
        results = dict(extractor.extract_many(pages, timeout_s=3.0))
        assert extractor.restarts == 1
    assert time.monotonic() - started < 30
    assert isinstance(results["stuck"], ExtractError)
    assert "longer than 3 s" in results["stuck"].error
    assert isinstance(results["next"], Extracted)
    assert results["next"].text == BODY_SENTENCE


def test_a_page_that_eats_memory_is_stopped_and_the_next_page_still_extracts() -> None:
    pages = [
        ("greedy", small_page("EAT-MEMORY " + BODY_SENTENCE), None),
        ("next", small_page(BODY_SENTENCE), None),
    ]
    with Extractor(workers=1, extract_function=greedy_extract) as extractor:
        results = dict(extractor.extract_many(pages, timeout_s=30.0, memory_mb=768))
    assert isinstance(results["greedy"], ExtractError)
    assert "768 MB" in results["greedy"].error
    assert isinstance(results["next"], Extracted)
    assert results["next"].text == BODY_SENTENCE


def test_a_huge_real_page_is_cut_off_by_the_time_limit_while_others_extract() -> None:
    # 100,000 paragraphs (about 4 MB) keep trafilatura busy for over ten seconds: a real
    # pathological page.
    huge = "<html><body><article>" + "<p>Lorem ipsum dolor sit amet, sed do.</p>" * 100_000
    pages = [
        ("before", small_page(BODY_SENTENCE), None),
        ("huge", huge + "</article></body></html>", None),
        ("after", small_page(BODY_SENTENCE), None),
    ]
    with Extractor(workers=2) as extractor:
        results = dict(extractor.extract_many(pages, timeout_s=3.0))
    assert isinstance(results["huge"], ExtractError)
    assert isinstance(results["before"], Extracted)
    assert isinstance(results["after"], Extracted)


# --- The command-line face ------------------------------------------------------------------


def run_cli(lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "chorus.cli", "extract", "--workers", "2", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_the_command_writes_one_json_line_per_input_line_in_order() -> None:
    guardian = (PAGES / "guardian_style.html").read_text(encoding="utf-8")
    french = (PAGES / "lemonde_style.html").read_text(encoding="utf-8")
    lines = [
        json.dumps({"id": "g1", "html": guardian, "url": "https://www.example.co.uk/uk/1"}),
        "this is not json",
        json.dumps({"id": 7, "url": "https://www.example.co.uk/2"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"html": guardian}),
        json.dumps({"id": "fr1", "html": french}),
    ]
    done = run_cli(lines)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 6
    assert out[0]["id"] == "g1"
    assert out[0]["title"] == "Volunteers in Dover open winter shelter for new arrivals"
    assert out[0]["language"] == "en"
    assert out[0]["published"] == "2025-11-03T07:15:00Z"
    assert out[0]["text"].startswith("A church hall in Dover will open as a winter shelter")
    assert "Sign up to First Edition" not in out[0]["text"]
    assert out[1]["id"] is None and out[1]["error"].startswith("the line is not valid JSON")
    assert out[2] == {"id": 7, "error": '"html" must be a non-empty string'}
    assert out[3]["id"] is None and "JSON object" in out[3]["error"]
    assert out[4]["id"] is None and '"id" must be' in out[4]["error"]
    assert out[5]["id"] == "fr1" and out[5]["language"] == "fr"


def test_the_command_gives_an_error_line_for_a_page_over_the_time_limit() -> None:
    huge = "<html><body><article>" + "<p>Lorem ipsum dolor sit amet, sed do.</p>" * 100_000
    lines = [
        json.dumps({"id": "huge", "html": huge}),
        json.dumps({"id": "ok", "html": small_page(BODY_SENTENCE)}),
    ]
    done = run_cli(lines, "--timeout", "3")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out[0] == {"id": "huge", "error": "extraction took longer than 3 s"}
    assert out[1]["id"] == "ok" and out[1]["text"] == BODY_SENTENCE
    assert "published" not in out[1]


def test_the_command_explains_itself() -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "chorus.cli", "extract", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    for option in ("--workers", "--timeout", "--memory-mb"):
        assert option in done.stdout
