"""De-duplication and same-story clustering (`chorus.monitoring.pipeline.dedupe`, `chorus dedupe`).

Every article below is invented: the events, the places marked (invented) and the people.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chorus.monitoring.pipeline.dedupe import (
    ArticleFeatures,
    ArticleIn,
    assign_story,
    cluster,
    features,
    story_score,
)
from chorus.monitoring.pipeline.minhash import (
    BANDS,
    NUM_PERM,
    NearDuplicateIndex,
    estimated_jaccard,
    lsh_band_keys,
    minhash_signature,
)

ROOT = Path(__file__).resolve().parents[3]


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


RESCUE_BBC = ArticleIn(
    "rescue-bbc",
    "Pregnant woman among 52 rescued from dinghy off Folkestone",
    "Fifty-two people, including a pregnant woman and four children, have been rescued from a "
    "dinghy that got into difficulty in the Channel off Folkestone. The Littlestone lifeboat "
    "was called out at about 05:30 BST on Tuesday after the boat's engine cut out in rough "
    "seas. The woman was taken to hospital in Folkestone as a precaution. HM Coastguard said "
    "a Border Force cutter also helped. The Home Office said the group was taken to Dover for "
    "checks. It is the third rescue off the Kent coast in a week.",
    at("2025-06-03"),
)
RESCUE_ITV = ArticleIn(
    "rescue-itv",
    "Lifeboat volunteers describe 'chaotic' Channel rescue of 52 people",
    "Volunteers from Littlestone RNLI say they found a stricken dinghy drifting with 52 "
    "people on board, some of them bailing water with their shoes. The crew spent more than "
    "an hour transferring passengers, among them four young children, to the lifeboat and a "
    "Border Force vessel. A woman who was seven months pregnant was later checked over at a "
    "Folkestone hospital. The charity said its crews had launched to small boats 40 times "
    "since January.",
    at("2025-06-03", 15),
)
RESCUE_SKY = ArticleIn(
    "rescue-sky",
    "Channel crossing: engine failure leaves 52 adrift off Kent coast",
    "A small boat carrying 52 people lost power in the Channel early on Tuesday, leaving it "
    "drifting towards shipping lanes off Folkestone until a lifeboat from Littlestone reached "
    "it. Everyone on board was brought ashore at Dover. A pregnant woman was taken to "
    "hospital. Charities said the rescue showed why safe routes were needed, while the "
    "government said it would keep working with France to stop the crossings.",
    at("2025-06-04", 7),
)
RESCUE_OUEST_FRANCE = ArticleIn(
    "rescue-ouest-france",
    "Manche : 52 personnes secourues au large de Folkestone après une panne de moteur",
    "Cinquante-deux personnes, dont une femme enceinte et quatre enfants, ont été secourues "
    "mardi matin dans la Manche au large de Folkestone, sur la côte du Kent. Le moteur de leur "
    "embarcation était tombé en panne par mer agitée. Le canot de sauvetage de Littlestone et "
    "un navire de la Border Force sont intervenus. La femme enceinte a été conduite à "
    "l'hôpital de Folkestone, et les autres passagers ont été débarqués à Douvres.",
    at("2025-06-03", 18),
)
HOTEL_BBC = ArticleIn(
    "hotel-bbc",
    "Hatherley Park Hotel to house 400 asylum seekers, Home Office says",
    "The Home Office has told Redmarsh (invented) council that the former Hatherley Park "
    "Hotel will be used to house up to 400 single adult men seeking asylum from next month. "
    "The council leader said the authority had not been consulted and would look at a legal "
    "challenge. The hotel, on the edge of the town, closed to guests last year. The Home "
    "Office said it was using hotels only as a last resort while the backlog was cleared.",
    at("2025-06-04"),
)
HOTEL_GUARDIAN = ArticleIn(
    "hotel-guardian",
    "Redmarsh council considers legal action over plans for asylum hotel",
    "A Lincolnshire council is considering legal action after learning that the Home Office "
    "plans to place 400 asylum seekers in a former country hotel on the outskirts of "
    "Redmarsh (invented). Councillors said they found out from a letter sent on Tuesday, "
    "weeks before the Hatherley Park site opens. Local volunteers said they were already "
    "planning English classes and a clothes bank for the new arrivals.",
    at("2025-06-05"),
)
COURT_SKY = ArticleIn(
    "court-sky",
    "High Court quashes removal orders for 11 men due on Kigali charter",
    "The High Court has quashed removal orders for 11 men who were due to be flown to "
    "Kigali on a charter flight, ruling that the Home Office failed to consider medical "
    "evidence of torture. Mr Justice Arlow (invented) said the decisions were 'irrational' "
    "and must be taken again. The flight is still planned for Thursday with fewer people on "
    "board. The Home Office said it would appeal.",
    at("2025-06-05", 17),
)
COURT_GUARDIAN = ArticleIn(
    "court-guardian",
    "Judge rules Home Office ignored torture evidence before Kigali removals",
    "Eleven men facing removal to Kigali have won a High Court challenge after a judge found "
    "that officials disregarded medical reports documenting torture. The ruling, handed down "
    "in London on Thursday, means new decisions must be made in each case. Lawyers for the "
    "men said dozens of others booked on the charter flight had similar evidence.",
    at("2025-06-06", 7),
)
STUDENT_FEES_BBC = ArticleIn(
    "student-fees-bbc",
    "Visa fees for overseas students to rise by a fifth",
    "The cost of a student visa will rise by 20% from October, the Home Office has announced, "
    "taking the fee to £630. Universities said the increase would deter international "
    "students at a time when many institutions depend on their fees. The immigration health "
    "surcharge paid by students is also under review. Ministers said fees should reflect the "
    "cost of running the immigration system.",
    at("2025-06-04", 12),
)
RESCUE_MONTH_LATER_BBC = ArticleIn(
    "rescue-july-bbc",
    "Forty-seven rescued from dinghy off Hythe",
    "Forty-seven people, including three children, have been rescued from a dinghy in the "
    "Channel off Hythe. The Littlestone lifeboat was launched shortly after 04:00 BST on "
    "Wednesday when the boat began taking on water. A man was taken to hospital in "
    "Folkestone with a leg injury. HM Coastguard said a Border Force cutter helped, and the "
    "group was brought ashore at Dover.",
    at("2025-07-09"),
)

STORIES = {
    "rescue": [RESCUE_BBC, RESCUE_ITV, RESCUE_SKY, RESCUE_OUEST_FRANCE],
    "hotel": [HOTEL_BBC, HOTEL_GUARDIAN],
    "court": [COURT_SKY, COURT_GUARDIAN],
}
ALL_ARTICLES = [
    RESCUE_BBC,
    HOTEL_BBC,
    STUDENT_FEES_BBC,
    RESCUE_ITV,
    COURT_SKY,
    RESCUE_OUEST_FRANCE,
    HOTEL_GUARDIAN,
    RESCUE_SKY,
    COURT_GUARDIAN,
    RESCUE_MONTH_LATER_BBC,
]

UPDATED_RESCUE = ArticleIn(
    "rescue-bbc-updated",
    "Channel rescue: pregnant woman taken to hospital after 52 pulled from dinghy",
    "Updated at 14:32 BST\n" + RESCUE_BBC.text,
    at("2025-06-03", 14),
)
WIRE_BODY = (
    "Two men have been charged with people smuggling after a small boat carrying 38 people "
    "landed at Camber Sands on Sunday. The men, aged 24 and 31, were arrested by National "
    "Crime Agency officers shortly after the boat came ashore. They are due to appear before "
    "Hastings magistrates on Tuesday. The agency said the boat had set off from a beach near "
    "Gravelines and that its investigation into the wider network was continuing."
)
WIRE_KENT = ArticleIn(
    "wire-kent",
    "Two charged after boat lands at Camber Sands",
    WIRE_BODY + "\nFollow Kent Today (invented) on social media for the latest news from the "
    "county.",
    at("2025-06-09", 11),
)
WIRE_SUSSEX = ArticleIn(
    "wire-sussex",
    "Pair charged with smuggling after Camber landing",
    "By Press Association reporter\n"
    + WIRE_BODY
    + "\nSign up to the Sussex Evening Post (invented) newsletter.",
    at("2025-06-09", 12),
)


@pytest.fixture(scope="module")
def clusters() -> dict[str, str]:
    return cluster(ALL_ARTICLES)


def test_it_puts_different_outlets_reports_of_one_event_in_one_cluster(clusters):
    for name, reports in STORIES.items():
        assert len({clusters[a.id] for a in reports}) == 1, name


def test_it_keeps_different_stories_apart(clusters):
    story_clusters = {name: clusters[reports[0].id] for name, reports in STORIES.items()}
    assert len(set(story_clusters.values())) == 3
    assert clusters[STUDENT_FEES_BBC.id] not in story_clusters.values()


def test_it_starts_a_new_story_for_the_same_kind_of_event_a_month_later(clusters):
    assert clusters[RESCUE_MONTH_LATER_BBC.id] != clusters[RESCUE_BBC.id]
    assert clusters[RESCUE_MONTH_LATER_BBC.id] == RESCUE_MONTH_LATER_BBC.id


def test_it_names_a_cluster_after_its_first_article(clusters):
    assert clusters[RESCUE_SKY.id] == RESCUE_BBC.id
    assert clusters[COURT_GUARDIAN.id] == COURT_SKY.id


def test_it_clusters_an_updated_version_with_a_new_headline_as_a_copy():
    original, updated = (
        features(RESCUE_BBC.title, RESCUE_BBC.text, RESCUE_BBC.published),
        (features(UPDATED_RESCUE.title, UPDATED_RESCUE.text, UPDATED_RESCUE.published)),
    )
    assert estimated_jaccard(original.signature, updated.signature) >= 0.8
    result = cluster([RESCUE_BBC, STUDENT_FEES_BBC, UPDATED_RESCUE])
    assert result[UPDATED_RESCUE.id] == RESCUE_BBC.id
    assert result[STUDENT_FEES_BBC.id] == STUDENT_FEES_BBC.id


def test_it_clusters_syndicated_wire_copy_with_other_boilerplate():
    result = cluster([WIRE_KENT, HOTEL_BBC, WIRE_SUSSEX], embed=False)
    assert result[WIRE_SUSSEX.id] == WIRE_KENT.id
    assert result[HOTEL_BBC.id] == HOTEL_BBC.id


def test_it_joins_copies_even_when_they_are_published_far_apart():
    late_copy = ArticleIn(
        "wire-late", WIRE_SUSSEX.title, WIRE_SUSSEX.text, WIRE_KENT.published + timedelta(days=30)
    )
    late_rewrite = ArticleIn(
        "rescue-late", RESCUE_ITV.title, RESCUE_ITV.text, RESCUE_BBC.published + timedelta(days=30)
    )
    result = cluster([WIRE_KENT, late_copy, RESCUE_BBC, late_rewrite])
    assert result[late_copy.id] == WIRE_KENT.id
    assert result[late_rewrite.id] == late_rewrite.id  # a rewrite, not a copy: too late


def test_it_matches_reports_across_languages(clusters):
    assert clusters[RESCUE_OUEST_FRANCE.id] == clusters[RESCUE_BBC.id]


def test_it_still_finds_copies_and_close_rewrites_without_embeddings():
    result = cluster([RESCUE_BBC, UPDATED_RESCUE, HOTEL_BBC, HOTEL_GUARDIAN], embed=False)
    assert result[UPDATED_RESCUE.id] == RESCUE_BBC.id
    assert result[HOTEL_BBC.id] != result[RESCUE_BBC.id]


def test_assign_story_returns_the_cluster_of_the_best_matching_recent_article():
    recent = [
        features(a.title, a.text, a.published).with_cluster(f"story-{a.id}")
        for a in (RESCUE_BBC, HOTEL_BBC, STUDENT_FEES_BBC)
    ]
    new = features(RESCUE_ITV.title, RESCUE_ITV.text, RESCUE_ITV.published)
    assert assign_story(new, recent) == "story-rescue-bbc"
    court = features(COURT_SKY.title, COURT_SKY.text, COURT_SKY.published)
    assert assign_story(court, recent) is None
    assert assign_story(court, []) is None


def test_assign_story_needs_the_clusters_of_recent_articles():
    recent = [features(HOTEL_BBC.title, HOTEL_BBC.text, HOTEL_BBC.published)]
    with pytest.raises(ValueError, match="cluster"):
        assign_story(features(HOTEL_GUARDIAN.title, HOTEL_GUARDIAN.text, None), recent)


def test_features_survive_json_and_pickle_unchanged():
    a = features(HOTEL_BBC.title, HOTEL_BBC.text, HOTEL_BBC.published).with_cluster("h")
    b = features(HOTEL_GUARDIAN.title, HOTEL_GUARDIAN.text, HOTEL_GUARDIAN.published)
    through_json = ArticleFeatures.from_json(json.loads(json.dumps(a.to_json())))
    through_pickle = pickle.loads(pickle.dumps(a))  # noqa: S301 (our own data)
    assert through_json == a
    assert ArticleFeatures.from_json("article-42", a.to_json()).cluster == "article-42"
    assert through_pickle == a
    assert story_score(through_json, b) == pytest.approx(story_score(a, b))
    assert story_score(a, b) >= 1.0
    assert len(json.dumps(a.to_json())) < 6000


def test_signatures_and_band_keys_are_the_same_in_every_process():
    code = (
        "from chorus.monitoring.pipeline.minhash import minhash_signature, lsh_band_keys;"
        f"s = minhash_signature({WIRE_BODY!r}); print(list(s)); print(lsh_band_keys(s))"
    )
    runs = [
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2")
    ]
    signature = minhash_signature(WIRE_BODY)
    assert runs[0] == runs[1] == f"{list(signature)}\n{lsh_band_keys(signature)}\n"


def test_band_keys_fit_a_database_bigint():
    keys = lsh_band_keys(minhash_signature(RESCUE_BBC.text))
    assert len(keys) == BANDS
    assert all(-(2**63) <= k < 2**63 for k in keys)
    assert len(minhash_signature(RESCUE_BBC.text)) == NUM_PERM
    assert lsh_band_keys(minhash_signature("")) == []


def test_near_duplicate_index_finds_copies_and_not_rewrites():
    index = NearDuplicateIndex()
    index.add(RESCUE_BBC.id, RESCUE_BBC.text)
    index.add(WIRE_KENT.id, minhash_signature(WIRE_KENT.text))
    index.add(RESCUE_ITV.id, RESCUE_ITV.text)
    hits = index.query(UPDATED_RESCUE.text)
    assert [h[0] for h in hits] == [RESCUE_BBC.id]
    assert hits[0][1] >= 0.8
    assert [h[0] for h in index.query(minhash_signature(WIRE_SUSSEX.text))] == [WIRE_KENT.id]
    assert index.query(RESCUE_SKY.text) == []
    assert index.query("") == []


def test_near_duplicate_index_finds_copies_among_many_articles():
    index = NearDuplicateIndex()
    filler = [
        f"Council meeting number {i} discussed bins, parking and the library on street {i * 7}."
        for i in range(6000)
    ]
    index.add_many([f"f{i}" for i in range(6000)], [minhash_signature(t) for t in filler])
    index.add(WIRE_KENT.id, WIRE_KENT.text)
    for i in range(5000):  # enough single additions to fold them into the sorted keys
        index.add(f"g{i}", filler[i] + " Updated.")
    assert len(index) == 11001
    assert [h[0] for h in index.query(WIRE_SUSSEX.text)] == [WIRE_KENT.id]
    assert "f42" in [h[0] for h in index.query(filler[42])]


def run_cli(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "chorus.cli", "dedupe", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def as_line(article: ArticleIn, **extra: object) -> str:
    data: dict[str, object] = {"id": article.id, "title": article.title, "text": article.text}
    if article.published:
        data["published"] = article.published.isoformat()
    return json.dumps(data | extra) + "\n"


def test_cli_writes_one_cluster_line_per_article_in_input_order():
    lines = [as_line(a) for a in (RESCUE_BBC, HOTEL_BBC, RESCUE_OUEST_FRANCE, HOTEL_GUARDIAN)]
    result = run_cli("".join(lines))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out == [
        {"id": "rescue-bbc", "cluster": "rescue-bbc"},
        {"id": "hotel-bbc", "cluster": "hotel-bbc"},
        {"id": "rescue-ouest-france", "cluster": "rescue-bbc"},
        {"id": "hotel-guardian", "cluster": "hotel-bbc"},
    ]


def test_cli_reports_bad_lines_and_clusters_the_rest():
    lines = [
        as_line(RESCUE_BBC),
        "this is not json\n",
        '["a list"]\n',
        json.dumps({"title": "No id here", "text": "Some text."}) + "\n",
        json.dumps({"id": 7, "title": "", "text": "   "}) + "\n",
        json.dumps({"id": "bad-date", "title": "A title", "published": "last Tuesday"}) + "\n",
        json.dumps({"id": "bad-text", "title": "A title", "text": ["not", "a", "string"]}) + "\n",
        "\n",
        as_line(RESCUE_ITV),
        as_line(RESCUE_ITV, title="Same id again"),
        json.dumps({"id": 12, "title": RESCUE_SKY.title, "text": RESCUE_SKY.text}) + "\n",
    ]
    result = run_cli("".join(lines))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 10  # the blank line is skipped
    assert out[0] == {"id": "rescue-bbc", "cluster": "rescue-bbc"}
    assert [o["id"] for o in out[1:6]] == [None, None, None, 7, "bad-date"]
    assert all("error" in o and "cluster" not in o for o in out[1:7])
    assert "JSON" in out[1]["error"]
    assert "published" in out[5]["error"]
    assert out[7] == {"id": "rescue-itv", "cluster": "rescue-bbc"}
    assert out[8]["id"] == "rescue-itv" and "duplicate" in out[8]["error"]
    assert out[9] == {"id": 12, "cluster": "rescue-bbc"}


def test_cli_handles_empty_input_and_explains_itself():
    assert run_cli("").stdout == ""
    helped = run_cli("", "--help")
    assert helped.returncode == 0
    assert '"cluster"' in helped.stdout and "--no-embeddings" in helped.stdout
