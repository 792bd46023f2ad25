"""Classification of round-up stories (relevance, topics, region, framing) and `chorus classify`.

Every story and statement here is invented; the people in them do not exist.
"""

from __future__ import annotations

import json
import pickle
import random
import subprocess
import time
from pathlib import Path

import pytest
from sklearn.metrics import roc_auc_score

from chorus.monitoring.pipeline.classify import classify
from chorus.monitoring.pipeline.framing import Lexicon, default_lexicon, frame
from chorus.monitoring.pipeline.relevance import (
    Document,
    QueryError,
    RelevanceModel,
    Rules,
    default_rules,
    parse_query,
)
from chorus.monitoring.pipeline.topics import Taxonomy, default_taxonomy

ROOT = Path(__file__).resolve().parents[3]
PYTHON = str(ROOT / ".venv/bin/python")


def matches(query: str, title: str, text: str = "") -> bool:
    return parse_query(query).match(Document(title, text)) is not None


# ---------------------------------------------------------------------------------------------
# The query language of the relevance rules


@pytest.mark.parametrize(
    ("query", "title", "expected"),
    [
        ("asylum", "Asylum claims rise in Kent", True),
        ("asylum", "Council budget approved", False),
        ('"small boats"', "Small boats reach Dover", True),
        ('"small boats"', "Boats, small and large, in the harbour", False),
        ("deport*", "Deportation flight postponed", True),
        ("deport*", "Department store closes", False),
        ("channel AND crossing", "Channel crossing numbers rise", True),
        ("channel AND crossing", "Channel swim record broken", False),
        ("channel OR dover", "Dover harbour reopens", True),
        ("asylum hotel", "Asylum seekers moved out of hotel", True),  # side by side means AND
        ("asylum NOT hotel", "Asylum seekers moved out of hotel", False),
        ("asylum NOT hotel", "Asylum seekers moved to barracks", True),
        ("channel NEAR/3 crossing", "A crossing of the English Channel", True),
        ("channel NEAR/2 crossing", "A crossing of the English Channel", False),
        ("channel NEAR/3 (crossing OR crossed)", "They crossed the Channel", True),
        # AND binds tighter than OR: a OR (b AND c)
        ("refugee OR channel AND crossing", "Refugee week opens", True),
        ("refugee OR channel AND crossing", "Channel tunnel delays", False),
        ('"do not"', "They don't want to leave", True),
        ("Britain", "Britain's asylum backlog", True),
        ("calais", "CALAIS CAMP CLEARED", True),
        ("zurich", "Talks in Zürich", True),
        ('"asylum-seeker*"', "Asylum seekers rehoused", True),
    ],
)
def test_it_matches_each_kind_of_query(query: str, title: str, expected: bool) -> None:
    assert matches(query, title) is expected


def test_it_reads_the_example_query_from_the_issue() -> None:
    query = '"small boats" OR (channel AND crossing) AND NOT "cross-channel ferry"'
    assert matches(query, "Small boats: 300 people cross in a day")
    assert matches(query, "Crossing the Channel in a dinghy")
    assert not matches(query, "Cross-channel ferry crossing cancelled in high winds")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "the query is empty"),
        ("asylum AND", "AND at character 8 needs a word, phrase or ( after it"),
        ("OR asylum", "OR at character 1 needs a word or phrase before it"),
        ("(asylum OR refugee", "the ( at character 1 is never closed"),
        ("asylum) OR refugee", "the ) at character 7 has no matching ("),
        ('"small boats', "the quote opened at character 1 is never closed"),
        ("channel NEAR crossing", "NEAR needs a distance in words, for example NEAR/5"),
        ("channel NEAR/3 (crossing OR NOT ferry)", "NOT cannot be used inside NEAR"),
        ("de*", "put at least three letters before a *"),
        ("()", "the brackets at character 1 are empty"),
        ("asylum OR OR refugee", "OR at character 8 needs a word, phrase or ( after it"),
    ],
)
def test_it_explains_what_is_wrong_with_a_query(query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert message in str(caught.value)


# ---------------------------------------------------------------------------------------------
# Relevance


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Dozens brought ashore at Dover", "Border Force said 64 people crossed in a dinghy."),
        ("Asylum backlog falls again", "The Home Office said 80,000 claims were outstanding."),
        ("Hotel to close in March", "The hotel has housed 150 refugees since last spring."),
        ("Deportation flight grounded", "Lawyers won an injunction hours before take-off."),
        ("Care homes face visa cut", "Providers say overseas workers fill one in five posts."),
        ("Windrush payments delayed", "Claimants have waited an average of 18 months."),
    ],
)
def test_it_finds_migration_news_with_the_default_rules(title: str, text: str) -> None:
    result = classify(title, text)
    assert result.relevant
    assert result.relevance >= 0.5


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Swallows arrive early", "Bird watchers logged the spring migration a fortnight early."),
        ("Bank finishes cloud migration", "Customers saw outages while data moved to new servers."),
        ("Visa and Mastercard fined", "The regulator said card fees were too high."),
        ("Ferry fares to rise", "Cross-channel ferry operators blamed fuel costs."),
        ("Teacher swims the Channel", "She swam from Dover to France in 13 hours for charity."),
        ("Old asylum to become flats", "The Victorian lunatic asylum closed in 1989."),
        ("Rail strike called off", "Union members accepted the pay offer."),
    ],
)
def test_it_passes_over_lookalike_stories(title: str, text: str) -> None:
    result = classify(title, text)
    assert not result.relevant
    assert result.relevance < 0.5


def test_it_says_which_rule_found_a_story_relevant() -> None:
    result = classify("Asylum seekers moved from Kent hotel", "The move happened on Monday.")
    assert any('"Asylum seekers"' in r and "(rule: asylum)" in r for r in result.reasons)
    excluded = classify("Swallows return", "Spring migration of birds has begun.")
    assert any("counts against" in r and "animals and nature" in r for r in excluded.reasons)


def test_it_uses_rules_the_editors_changed() -> None:
    story = ("Port of Dover queues grow", "Lorries waited six hours on the M20.")
    assert not classify(*story).relevant
    ports = Rules.from_dict(
        {"threshold": 0.5, "rules": [{"name": "ports", "query": "Dover OR Calais", "weight": 2}]}
    )
    result = classify(*story, rules=ports)
    assert result.relevant
    assert 'mentions "Dover" (rule: ports)' in result.reasons

    # A negative weight excludes: here, stories about lorries.
    edited = default_rules().to_dict()
    edited["rules"].append({"name": "not freight", "query": "lorr*", "weight": -3})
    no_freight = Rules.from_json(json.dumps(edited))
    assert classify("Migrants found in lorry at Dover", "").relevant
    assert not classify("Migrants found in lorry at Dover", "", rules=no_freight).relevant


def test_it_names_the_rule_whose_query_is_broken() -> None:
    with pytest.raises(QueryError, match="rule 'ports': the quote opened at character 1"):
        Rules.from_dict({"rules": [{"name": "ports", "query": '"Dover'}]})


def test_rules_survive_a_round_trip_through_json() -> None:
    rules = default_rules()
    assert Rules.from_json(rules.to_json()) == rules


# ---------------------------------------------------------------------------------------------
# The model learned from editors' decisions

PLACES = ["Dover", "Leeds", "Glasgow", "Cardiff", "Norwich", "Bristol", "Hull", "Derby"]
NAMES = ["Rahel", "Samir", "Dawit", "Leyla", "Omid", "Nour", "Yonas", "Farah"]
SHARED = [
    "The story was first reported on Tuesday evening.",
    "More details are expected later this week.",
    "Local people gathered in {place} to hear the news.",
    "The council in {place} published the figures online.",
    "It follows months of discussion in {place}.",
    "A visa application centre in {place} reopened after repairs.",
]
# The editors want community stories the rules miss, and not the visa and deportation stories
# the rules like: celebrity and sport visa rows, tourist visas, history dramas.
WANTED = {
    "titles": [
        "Choir in {place} welcomes new neighbours",
        "Families from Sudan settle in {place}",
        "Supper club in {place} brings newcomers together",
    ],
    "body": [
        "{name} arrived two years ago and now volunteers at a food bank in {place}.",
        "Neighbours in {place} organised English lessons and football for the newcomers.",
        "A church hall in {place} hosts a weekly supper for families who arrived this year.",
        "{name} hopes to train as a nurse once her papers come through.",
        "Volunteers in {place} collected winter coats for the new arrivals.",
    ],
}
UNWANTED = {
    "titles": [
        "Striker's visa delay keeps him out of derby",
        "Pop star cancels {place} gig over visa",
        "Tourist visa waiver extended for holidaymakers",
        "Drama revisits wartime deportation",
    ],
    "body": [
        "The club said the striker's visa paperwork would be ready before the derby.",
        "The singer's tour visa was not approved in time for the {place} concert.",
        "Holidaymakers will no longer need a tourist visa for short breaks.",
        "The film, screened at a festival in {place}, revisits a deportation in 1942.",
        "Fans in {place} were offered refunds for the cancelled show.",
    ],
}


def generated_story(rng: random.Random, wanted: bool) -> tuple[str, str]:
    pool = WANTED if wanted else UNWANTED

    def fill(template: str) -> str:
        return template.format(place=rng.choice(PLACES), name=rng.choice(NAMES))

    sentences = [fill(s) for s in rng.sample(pool["body"], 2)]
    sentences += [fill(s) for s in rng.sample(SHARED, 2)]
    rng.shuffle(sentences)
    return fill(rng.choice(pool["titles"])), " ".join(sentences)


def held_out_accuracy(model: RelevanceModel, stories: list[tuple[tuple[str, str], bool]]) -> float:
    right = sum(classify(*story, model=model).relevant == wanted for story, wanted in stories)
    return right / len(stories)


def test_it_improves_as_editors_work() -> None:
    rng = random.Random(11)
    decisions = [(generated_story(rng, w), w) for w in (rng.random() < 0.5 for _ in range(200))]
    held_out = [(generated_story(rng, w), w) for w in (rng.random() < 0.5 for _ in range(100))]
    model = RelevanceModel()
    before = held_out_accuracy(model, held_out)
    for number, (story, wanted) in enumerate(decisions):
        # Editors are not perfectly consistent: one decision in ten goes the other way.
        model.learn(*story, included=wanted if number % 10 else not wanted)
    after = held_out_accuracy(model, held_out)
    assert before < 0.6  # the rules alone get these stories wrong
    assert after >= 0.85
    assert after > before + 0.25


def test_the_model_counts_only_once_editors_have_both_included_and_excluded() -> None:
    model = RelevanceModel()
    for _ in range(5):
        model.learn("Choir welcomes newcomers", "Volunteers sang together.", included=True)
    assert model.weight == 0
    assert classify("Choir welcomes newcomers", "", model=model).relevance == 0
    model.learn("Striker's visa delay", "The club said paperwork was late.", included=False)
    assert 0 < model.weight < 0.85
    assert model.probability("Choir welcomes newcomers", "Volunteers sang.") > 0.5


def test_the_model_is_stored_as_numbers_and_carries_on_learning() -> None:
    rng = random.Random(3)
    model = RelevanceModel()
    for _ in range(30):
        wanted = rng.random() < 0.5
        model.learn(*generated_story(rng, wanted), included=wanted)
    stored = model.to_bytes()
    restored = RelevanceModel.from_bytes(stored)
    story = generated_story(rng, True)
    assert restored.decisions == model.decisions == 30
    assert restored.probability(*story) == pytest.approx(model.probability(*story))

    more = generated_story(rng, False)
    model.learn(*more, included=False)
    restored.learn(*more, included=False)
    assert restored.probability(*story) == pytest.approx(model.probability(*story))

    with pytest.raises(ValueError, match="not a stored relevance model"):
        RelevanceModel.from_bytes(b"not a model")
    with pytest.raises(ValueError):
        RelevanceModel.from_bytes(pickle.dumps({"coef": [1, 2, 3]}))


# ---------------------------------------------------------------------------------------------
# Framing

HOSTILE = [
    "They're swarming across the Channel and nobody stops them.",
    "Send the lot of them back where they came from.",
    "Illegals get free hotels while our pensioners freeze.",
    "These people are parasites living off our taxes.",
    "Migrants are a burden and a drain on our economy.",
    "Asylum seekers only want handouts. Deport them all!",
    "Our towns are swamped. Britain is full.",
    "Every single one of them is a criminal.",
]
COUNTER = [
    "Calling people 'illegals' ignores that seeking asylum is legal.",
    "It is a myth that migrants take our jobs; the evidence shows they create them.",
    "Migrants are not criminals. Most are fleeing war and persecution.",
    'Nobody is "swarming" anywhere. These are families looking for safety.',
    "Why do you assume refugees are a burden? Many of them work in the NHS.",
    "Refugees are not parasites, and it is shameful to describe human beings that way.",
    "I am furious that people still spread the lie that asylum seekers live in luxury.",
    "Not all asylum seekers are young men, and none of them deserve this hatred.",
    "Refugees are not a threat. They are often the victims of the same terrorists we fear.",
]


@pytest.mark.parametrize("statement", HOSTILE)
def test_it_flags_hostile_statements(statement: str) -> None:
    framing = frame(Document("", statement))
    assert framing.hostile >= 0.5
    assert framing.hostile_terms


@pytest.mark.parametrize("statement", COUNTER)
def test_it_does_not_flag_counter_arguments_that_quote_or_negate_hostile_claims(
    statement: str,
) -> None:
    framing = frame(Document("", statement))
    assert framing.hostile < 0.5


def test_it_ranks_hostility_better_than_sentiment_does() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    statements = HOSTILE + COUNTER
    labels = [True] * len(HOSTILE) + [False] * len(COUNTER)
    ours = [frame(Document("", s)).hostile for s in statements]
    vader = [analyser.polarity_scores(s)["neg"] for s in statements]
    assert roc_auc_score(labels, ours) >= 0.95
    assert roc_auc_score(labels, ours) > roc_auc_score(labels, vader) + 0.2


def test_it_shows_hostile_terms_as_written_and_explains_the_ones_it_did_not_count() -> None:
    hostile = frame(Document("", "They are SWARMING in. Send them back!"))
    assert hostile.hostile_terms == ("SWARMING", "Send them back")
    assert any('"SWARMING" (dehumanising)' in reason for reason in hostile.reasons)

    rebutted = frame(Document("", "Calling people 'illegals' ignores that asylum is legal."))
    assert rebutted.hostile_terms == ()
    assert 'not counted as hostile: "illegals" (reported or rebutted)' in rebutted.reasons


@pytest.mark.parametrize(
    ("milder", "harsher"),
    [
        ("Immigration is too high.", "Migrants are a burden on our schools."),
        ("Migrants are a burden on our schools.", "They are vermin. Deport every last one!"),
    ],
)
def test_the_hostile_score_is_graded(milder: str, harsher: str) -> None:
    assert frame(Document("", milder)).hostile < frame(Document("", harsher)).hostile


def test_a_negated_term_is_negated_only_within_its_clause() -> None:
    negated = frame(Document("", "Migrants are not criminals."))
    asserted = frame(Document("", "They are not refugees, they are criminals."))
    assert negated.hostile < 0.5
    assert asserted.hostile >= 0.5
    assert "criminals" in asserted.hostile_terms


def test_some_words_are_hostile_only_in_a_claim_about_a_group() -> None:
    claim = frame(Document("", "Immigrants are a danger and a burden on our hospitals."))
    report = frame(Document("", "Five men died on a dangerous crossing; hospitals were busy."))
    assert claim.hostile >= 0.5
    assert {"danger", "burden"} <= set(claim.hostile_terms)
    assert report.hostile < 0.5
    assert report.hostile_terms == ()


def test_scare_quotes_around_the_people_themselves_deny_what_they_are() -> None:
    sneer = frame(Document("", "Funny how none of these 'children' look under thirty."))
    assert sneer.hostile >= 0.5
    assert sneer.hostile_terms == ("'children'",)


def test_it_uses_a_lexicon_the_editors_changed() -> None:
    statement = "Those gannets are grabbing everything again."
    assert frame(Document("", statement)).hostile < 0.5

    edited = default_lexicon().to_dict()
    edited["hostile"]["dehumanising"]["gannets"] = 2.0
    del edited["hostile"]["dehumanising"]["swarming"]
    lexicon = Lexicon.from_json(json.dumps(edited))
    flagged = frame(Document("", statement), lexicon)
    assert flagged.hostile >= 0.5
    assert flagged.hostile_terms == ("gannets",)
    assert "swarming" not in frame(Document("", "They are swarming in."), lexicon).hostile_terms


def test_a_lexicon_survives_a_round_trip_and_rejects_a_bad_term() -> None:
    lexicon = default_lexicon()
    assert Lexicon.from_json(lexicon.to_json()) == lexicon
    broken = lexicon.to_dict()
    broken["hostile"]["dehumanising"]["sw*"] = 1.0
    with pytest.raises(ValueError, match="three letters before a"):
        Lexicon.from_dict(broken)


def test_humanising_language_scores_higher_than_a_bare_report() -> None:
    human = frame(
        Document(
            "From Aleppo to Bradford",
            "Rania, 31, fled the war with her two daughters. She volunteers at a food bank and "
            "hopes to work as a nurse again. Neighbours say the family has been welcomed.",
        )
    )
    bare = frame(Document("Arrivals figures", "412 people crossed on Tuesday."))
    assert human.humanising > 0.7
    assert bare.humanising < 0.2
    assert {"fled", "daughters", "volunteers"} <= set(human.humanising_terms)


@pytest.mark.parametrize(
    "text",
    [
        "“I was terrified the whole time, but I had no choice,” said Amira, 24, who fled "
        "Eritrea in 2019.",
        "Hassan, an asylum seeker from Sudan, said: “We wait and wait and nobody tells us "
        "anything.”",
        "Dawit crossed the Channel in a dinghy last year. “The sea was black and cold,” he said.",
        "Refugees living in the hotel said they had not been told where they would be moved.",
        "“My children finally sleep through the night,” says Leyla, who arrived in the UK "
        "from Kabul.",
    ],
)
def test_it_hears_a_person_with_lived_experience(text: str) -> None:
    framing = frame(Document("", text))
    assert framing.lived_experience_voice
    assert any("lived experience" in reason for reason in framing.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "The Home Office said asylum seekers would be moved to the barracks next week.",
        "“The system is broken and people are suffering,” said the chief executive of the "
        "Refugee Council.",
        "“We will keep supporting these families,” said a spokesperson for a charity "
        "supporting refugees.",
        "Refugees have waited for months for a decision, figures show.",
        "The minister called the crossings “an unacceptable pressure on our services”.",
    ],
)
def test_it_does_not_mistake_others_for_people_with_lived_experience(text: str) -> None:
    assert not frame(Document("", text)).lived_experience_voice


# ---------------------------------------------------------------------------------------------
# Topics and region


@pytest.mark.parametrize(
    ("title", "text", "topic"),
    [
        (
            "Small boat arrivals pass 20,000",
            "Border Force brought 300 people to Dover.",
            "Channel crossings",
        ),
        (
            "Hotel to stop housing asylum seekers",
            "The asylum hotel in Epping will close.",
            "Asylum accommodation",
        ),
        (
            "Removal flight cancelled",
            "The deportation of 40 men was halted.",
            "Removals and deportation",
        ),
        (
            "Judge blocks removal",
            "The High Court ruled the decision was unlawful.",
            "Legal and courts",
        ),
        (
            "Home Secretary unveils bill",
            "MPs will vote on the legislation next week.",
            "Policy and politics",
        ),
        ("EU pact agreed", "Ministers in Brussels agreed the migration pact.", "Europe"),
        (
            "Care visa rules tightened",
            "Employers say the skilled worker route is vital.",
            "Work and visas",
        ),
        (
            "Hotel targeted in arson attack",
            "Police are treating it as a hate crime.",
            "Hate incidents",
        ),
    ],
)
def test_it_assigns_topics_from_the_taxonomy(title: str, text: str, topic: str) -> None:
    assert topic in classify(title, text).topics


def test_a_passing_mention_is_not_a_topic() -> None:
    result = classify(
        "Volunteers open winter shelter in Leeds",
        "The shelter opened last week after a court hearing. It has 30 beds and a kitchen.",
    )
    assert "Legal and courts" not in result.topics


def test_quoting_lived_experience_makes_a_human_story() -> None:
    result = classify(
        "New start in Hull",
        "“I want to give something back,” said Samir, who fled Syria in 2016.",
    )
    assert "Human stories" in result.topics


def test_it_uses_a_taxonomy_the_editors_changed() -> None:
    edited = default_taxonomy().to_dict()
    edited["topics"].append({"label": "Sport", "query": "football OR cricket", "min_hits": 1})
    taxonomy = Taxonomy.from_json(json.dumps(edited))
    result = classify("Refugee football team wins cup", "", taxonomy=taxonomy)
    assert "Sport" in result.topics
    assert "Sport" not in classify("Refugee football team wins cup", "").topics


@pytest.mark.parametrize(
    ("title", "text", "region"),
    [
        ("Dozens land at Dover", "The Home Office said the boat was met by Border Force.", "UK"),
        ("Camp cleared in Calais", "French police moved 400 people from the site.", "Europe"),
        ("Shipwreck off Lampedusa", "The Italian coastguard rescued 60 people.", "Europe"),
        (
            "Border wall extended",
            "Officials in Texas said the barrier would reach Mexico.",
            "International",
        ),
        ("Numbers rise again", "Arrivals increased by a fifth on last year.", None),
        # UK stories name the countries people fled from; the UK places decide.
        ("Afghan family settles in Leeds", "They fled Kabul and arrived in Britain in 2022.", "UK"),
        # Place names count only as names: the verb "reading" is not the town of Reading.
        ("Reading between the lines", "Officials in Lesbos are reading the new rules.", "Europe"),
    ],
)
def test_it_tells_the_region_from_place_names(title: str, text: str, region: str | None) -> None:
    assert classify(title, text).region == region


# ---------------------------------------------------------------------------------------------
# Speed


def test_a_long_article_is_classified_in_milliseconds() -> None:
    paragraph = (
        "Border Force said 63 people were brought ashore at Dover on Tuesday after their "
        "dinghy got into difficulty. “We thought we would die,” said Yonas, 19, who fled "
        "Eritrea. The Home Office said the asylum backlog had fallen, while campaigners in "
        "Calais called for safe routes. "
    )
    text = paragraph * 12  # about 600 words
    classify("Warm-up", text)
    start = time.process_time()
    for _ in range(20):
        classify("Dozens rescued in the Channel", text)
    per_article = (time.process_time() - start) / 20
    # Typically 2–3 ms on one core; the margin allows for a busy test machine.
    assert per_article < 0.025


# ---------------------------------------------------------------------------------------------
# chorus classify


def run_cli(lines: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [PYTHON, "-m", "chorus.cli", "classify", *args],
        input=lines,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_it_classifies_json_lines_through_the_cli() -> None:
    stories = [
        {
            "id": "a1",
            "title": "Dozens brought ashore at Dover",
            "text": "Border Force said 60 people crossed the Channel in a dinghy. “I was so "
            "cold,” said Nour, 22, who fled Sudan.",
        },
        {"id": 2, "title": "Bird migration begins", "text": "Swallows arrive from Africa."},
        {"id": "a3", "title": "", "text": "They are swarming in. Send them all back!"},
    ]
    lines = b"".join(json.dumps(s).encode() + b"\n" for s in stories)
    done = run_cli(lines)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["a1", 2, "a3"]
    for o in out:
        assert set(o) == {"id", "relevance", "relevant", "topics", "region", "framing", "reasons"}
        assert set(o["framing"]) == {
            "hostile",
            "humanising",
            "lived_experience_voice",
            "hostile_terms",
        }
        assert 0 <= o["relevance"] <= 1
        assert 0 <= o["framing"]["hostile"] <= 1
    first, birds, abuse = out
    assert first["relevant"] is True
    assert "Channel crossings" in first["topics"]
    assert first["region"] == "UK"
    assert first["framing"]["lived_experience_voice"] is True
    assert birds["relevant"] is False
    assert abuse["framing"]["hostile"] > 0.9
    assert abuse["framing"]["hostile_terms"] == ["swarming", "Send them all back"]


def test_the_cli_reports_bad_lines_and_carries_on() -> None:
    good = json.dumps({"id": "ok", "title": "Asylum claims rise", "text": ""}).encode()
    lines = b"\n".join(
        [
            b"this is not json",
            b"[1, 2, 3]",
            json.dumps({"title": "No id here"}).encode(),
            json.dumps({"id": "t", "title": 5, "text": "x"}).encode(),
            json.dumps({"id": "e", "title": "", "text": "  "}).encode(),
            b'{"id": "bytes", "title": "\xff\xfe"}',
            b"",
            good,
        ]
    )
    done = run_cli(lines + b"\n")
    assert done.returncode == 0
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert out[:6] == [
        {"id": None, "error": "the line is not valid JSON (column 1: Expecting value)"},
        {"id": None, "error": "each line must be a JSON object with an id"},
        {"id": None, "error": '"id" must be a non-empty string or an integer'},
        {"id": "t", "error": '"title" must be a string'},
        {"id": "e", "error": "the story has neither a title nor any text"},
        {"id": None, "error": "the line is not valid UTF-8"},
    ]
    assert out[6]["id"] == "ok"
    assert out[6]["relevant"] is True
    assert len(out) == 7  # the blank line gives nothing


def test_the_cli_uses_edited_rules_lexicon_taxonomy_and_model(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"rules": [{"name": "ports", "query": "Dover", "weight": 2}]}))
    lexicon_data = default_lexicon().to_dict()
    lexicon_data["hostile"]["dehumanising"]["gannets"] = 2.0
    lexicon = tmp_path / "lexicon.json"
    lexicon.write_text(json.dumps(lexicon_data))
    taxonomy = tmp_path / "topics.json"
    taxonomy.write_text(
        json.dumps({"topics": [{"label": "Ports", "query": "Dover", "min_hits": 1}]})
    )
    model = RelevanceModel()
    for _ in range(3):
        model.learn("Dover queues", "Lorries wait.", included=False)
        model.learn("Choir welcomes newcomers", "Volunteers sang.", included=True)
    model_file = tmp_path / "model.npz"
    model_file.write_bytes(model.to_bytes())

    story = json.dumps({"id": 1, "title": "Dover queues grow", "text": "Those gannets again."})
    done = run_cli(
        story.encode() + b"\n",
        "--rules", str(rules),
        "--lexicon", str(lexicon),
        "--taxonomy", str(taxonomy),
        "--model", str(model_file),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["topics"] == ["Ports"]
    assert out["framing"]["hostile_terms"] == ["gannets"]
    assert 'mentions "Dover" (rule: ports)' in out["reasons"]
    assert any("learned from 6 decisions" in reason for reason in out["reasons"])


def test_the_cli_refuses_a_broken_rules_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"rules": [{"name": "ports", "query": "Dover AND"}]}))
    done = run_cli(b'{"id": 1, "title": "x"}\n', "--rules", str(rules))
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"rule 'ports': AND at character 7 needs a word" in done.stderr
    missing = run_cli(b"", "--lexicon", str(tmp_path / "nowhere.json"))
    assert missing.returncode == 2
    assert b"cannot read the lexicon file" in missing.stderr


def test_the_cli_explains_itself() -> None:
    done = run_cli(b"", "--help")
    assert done.returncode == 0
    assert b"--rules FILE" in done.stdout
    assert b"NEAR/5" in done.stdout
