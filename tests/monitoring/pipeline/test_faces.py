"""The pipeline's command-line faces never lose a line.

`chorus extract`, `chorus dedupe` and `chorus classify` answer every non-blank line with one
valid JSON line (UTF-8, no NaN), in input order, and exit 0; a line they cannot use gets
{"id", "error"}. These are the shapes that used to break them (issue 15, part A), then a
property-based test that feeds them arbitrary lines.
"""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chorus.monitoring.pipeline import classify, dedupe
from chorus.monitoring.pipeline.extract import Extractor, extract, extract_lines
from chorus.monitoring.pipeline.jsonlines import BOM, Output, input_lines

REPO = Path(__file__).resolve().parents[3]
FACES = ("extract", "dedupe", "classify")

PARAGRAPH = (
    "Volunteers in Dover opened a winter shelter on Tuesday for people who crossed the "
    "Channel this week, the council said."
)
PAGE = f"<html><body><article><h1>Shelter opens</h1><p>{PARAGRAPH}</p></article></body></html>"
DEEP_DIVS = "<html><body>" + "<div>" * 100_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 100_000
NESTED = b"[" * 100_000


def story(story_id: Any, **fields: Any) -> dict[str, Any]:
    return {"id": story_id, "title": "Asylum claims rise", "text": PARAGRAPH, "html": PAGE} | fields


def line(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode("utf-8")


def _refuse(name: str) -> Any:
    raise AssertionError(f"{name} in the output is not JSON")


def parse_output(raw: bytes) -> list[dict[str, Any]]:
    """Every output line, read strictly: UTF-8, JSON without NaN or Infinity, an object."""
    text = raw.decode("utf-8")
    assert text == "" or text.endswith("\n")
    records = [json.loads(part, parse_constant=_refuse) for part in text.split("\n")[:-1]]
    for record in records:
        assert isinstance(record, dict)
        assert record["id"] is None or type(record["id"]) in (str, int)
    return records


@pytest.fixture(scope="module")
def pool() -> Iterator[Extractor]:
    with Extractor(1) as extractor:
        yield extractor


Run = Callable[[str, bytes], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def run(pool: Extractor) -> Run:
    """Run a face in this process on `data` and read what it wrote."""

    def run_face(face: str, data: bytes) -> list[dict[str, Any]]:
        out = io.BytesIO()
        if face == "extract":
            extract_lines(input_lines(io.BytesIO(data)), Output(out), pool, timeout_s=20)
        else:
            module = dedupe if face == "dedupe" else classify
            assert module.cli_main([], io.BytesIO(data), out) == 0
        return parse_output(out.getvalue())

    return run_face


def answered(record: dict[str, Any], face: str) -> bool:
    key = {"extract": "text", "dedupe": "cluster", "classify": "relevance"}[face]
    return key in record and "error" not in record


# --- 1. Deeply nested JSON ------------------------------------------------------------------


@pytest.mark.parametrize("face", FACES)
def test_deeply_nested_json_is_one_error_line_and_the_others_carry_on(run: Run, face: str):
    data = line(story("before")) + b"\n" + NESTED + b"\n" + line(story("after")) + b"\n"
    out = run(face, data)
    assert [o["id"] for o in out] == ["before", None, "after"]
    assert out[1]["error"] == "the line is nested too deeply to read"
    assert answered(out[0], face) and answered(out[2], face)


def test_the_commands_answer_deep_nesting_and_lone_surrogates_and_exit_0():
    # As the issue ran them: python3 -c 'print("["*100000)' | chorus classify
    data = NESTED + b'\n{"id": "\\ud800", "title": "x", "html": "<p>x</p>"}\n'
    for face in FACES:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "chorus.cli", face, *(["--workers", "1"] * (face == "extract"))],
            input=data,
            capture_output=True,
            cwd=REPO,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert [o["id"] for o in parse_output(done.stdout)] == [None, None]


# --- 2. Lone surrogates ---------------------------------------------------------------------


@pytest.mark.parametrize("face", FACES)
def test_a_lone_surrogate_in_an_id_is_an_error_line(run: Run, face: str):
    out = run(face, b'{"id": "a\\ud800", "title": "x", "html": "<p>x</p>"}\n')
    assert out == [{"id": None, "error": '"id" is not valid Unicode (it holds a lone surrogate)'}]


def test_dedupe_clusters_articles_with_lone_surrogates_in_title_and_text(run: Run):
    # The embedding used to fail on these and lose the whole batch.
    data = b"".join(
        line(story(i, title=f"Asylum claims rise {s}", text=f"{PARAGRAPH} {s}")) + b"\n"
        for i, s in enumerate(["\ud800", "\udfff", "ok"])
    )
    out = run("dedupe", data)
    assert [o["id"] for o in out] == [0, 1, 2]
    assert all(o["cluster"] == "0" for o in out)  # the same story three times


def test_classify_reads_a_story_with_a_lone_surrogate(run: Run):
    out = run("classify", line(story("s", text="Asylum \ud800 seekers arrived in Dover.")))
    assert out[0]["id"] == "s" and out[0]["relevant"] is True


def test_extract_keeps_the_paragraph_around_a_lone_surrogate(run: Run):
    html = f"<html><body><article><p>{PARAGRAPH} \ud800 {PARAGRAPH}</p></article></body></html>"
    out = run("extract", line(story("p", html=html)))
    assert out[0]["text"] == f"{PARAGRAPH} \ufffd {PARAGRAPH}"
    assert extract(html).text == out[0]["text"]


# --- 3. Ids are a non-empty string or an integer ----------------------------------------------


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize(
    "raw_id",
    [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"1.5", b"true", b"[1]", b'{"a": 1}', b'""'],
)
def test_an_id_that_is_not_a_string_or_an_integer_is_an_error_line(
    run: Run, face: str, raw_id: bytes
):
    out = run(face, b'{"id": ' + raw_id + b', "title": "Asylum", "html": "<p>x</p>"}\n')
    assert len(out) == 1 and out[0]["id"] is None
    assert "error" in out[0]


def test_string_and_integer_ids_come_back_as_given(run: Run):
    for face in FACES:
        out = run(face, line(story("7")) + b"\n" + line(story(7)) + b"\n")
        assert [o["id"] for o in out] == ["7", 7]
        assert answered(out[0], face)


# --- 4. Line breaks and the byte-order mark -----------------------------------------------------


@pytest.mark.parametrize("face", FACES)
def test_a_bare_carriage_return_does_not_split_a_line(run: Run, face: str):
    data = line(story("cr")).replace(b'", "', b'",\r "') + b"\r\n"
    out = run(face, data)
    assert len(out) == 1 and out[0]["id"] == "cr" and "error" not in out[0]


@pytest.mark.parametrize("face", FACES)
def test_a_byte_order_mark_at_the_start_is_accepted(run: Run, face: str):
    out = run(face, BOM + line(story("bom")) + b"\n")
    assert out[0]["id"] == "bom" and answered(out[0], face)


# --- 5. Extract: a page cut by the parser is an error, not empty text ---------------------------


def test_extract_refuses_a_page_nested_deeper_than_the_parser_reads(run: Run):
    out = run("extract", line(story("deep", html=DEEP_DIVS)) + b"\n" + line(story("ok")))
    assert out[0] == {
        "id": "deep",
        "error": "the page nests elements 256 or more deep, beyond what the parser reads: "
        "the rest of the page would be lost",
    }
    assert out[1]["text"] == PARAGRAPH


def test_extract_reads_a_page_nested_just_within_the_parser_limit():
    html = "<html><body>" + "<div>" * 240 + f"<p>{PARAGRAPH}</p>" + "</div>" * 240
    assert extract(html).text == PARAGRAPH


# --- Any line at all ----------------------------------------------------------------------------

SURROGATES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, s, b: a + s + b, st.text(max_size=10), SURROGATES, st.text(max_size=10)),
)
IDS = st.one_of(
    ODD_TEXT,
    st.integers(),
    st.integers(min_value=10**30, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
HTML = st.one_of(
    st.just(PAGE),
    st.just(DEEP_DIVS),
    ODD_TEXT.map(lambda t: f"<html><body><p>{t} {PARAGRAPH}</p></body></html>"),
    ODD_TEXT,
)
OBJECTS = st.fixed_dictionaries(
    {"id": IDS},
    optional={
        "title": st.one_of(ODD_TEXT, st.integers(), st.none()),
        "text": st.one_of(ODD_TEXT, st.just(PARAGRAPH)),
        "html": HTML,
        "published": st.one_of(st.just("2025-03-11T09:40:00Z"), ODD_TEXT),
    },
)


@st.composite
def object_lines(draw: st.DrawFn) -> bytes:
    text = json.dumps(draw(OBJECTS), ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        text = text.replace('", "', '",\r "')  # JSON whitespace, not a line break
    # ensure_ascii=False leaves lone surrogates raw: as bytes they are not UTF-8.
    return text.encode("utf-8", "surrogatepass")


LINES = st.one_of(
    object_lines(),
    st.binary(max_size=60),
    st.integers(min_value=1, max_value=200_000).map(lambda n: b"[" * n),
    st.integers(min_value=1, max_value=5_000).map(lambda n: b'{"id": 1, "x": ' + b"[" * n),
    st.sampled_from([b"NaN", b"[]", b"null", b'"text"', b"{}", b"\xef\xbb\xbf{}", b"\r", b" "]),
).map(lambda raw: raw.replace(b"\n", b" "))


def expected_id(raw: bytes) -> Any:
    """The id a face must echo for a line: the line's own id when it is usable, else None."""
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_refuse)
    except (ValueError, RecursionError, AssertionError):
        return None
    value = data.get("id") if isinstance(data, dict) else None
    if type(value) is int:
        return value
    if type(value) is str and value and value.encode("utf-8", "replace").decode() == value:
        return value  # a lone surrogate would have been replaced
    return None


@pytest.mark.parametrize("face", FACES)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # the suite's autouse settings fixture
    ],
)
@given(lines=st.lists(LINES, max_size=6), bom=st.booleans())
def test_every_line_in_gets_one_json_line_out_in_order(
    run: Run, face: str, lines: list[bytes], bom: bool
):
    data = (BOM if bom else b"") + b"".join(raw + b"\n" for raw in lines)
    out = run(face, data)
    kept = [raw for raw in lines if raw.strip()]
    assert len(out) == len(kept)
    for raw, record in zip(kept, out, strict=True):
        assert record["id"] == expected_id(raw)
        assert ("error" in record) != answered(record, face)
        if "error" in record:
            assert set(record) == {"id", "error"} and record["error"]
        for value in record.values():
            assert not (isinstance(value, float) and not math.isfinite(value))
