"""Matching a journalist's request to storytellers: each factor's reason, the ranking, the cost."""

from __future__ import annotations

import datetime
import gc
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chorus.media.matching import (
    HELD_TEXT,
    MatchResult,
    match_summary,
    rank_request,
    rank_storytellers,
)
from chorus.media.models import JournalistRequest, OutletKind
from chorus.media.story_uses import outlet_facts
from chorus.voices.consent import consent_covers
from chorus.voices.models import (
    Interpreter,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
)
from tests.factories import (
    ConsentFactory,
    OutletFactory,
    RegionFactory,
    StorytellerFactory,
    ThemeFactory,
    segment,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 3, 1)


def make_request(**fields) -> JournalistRequest:
    themes = fields.pop("themes", [])
    values = {
        "outlet": fields.pop("outlet", None) or OutletFactory(),
        "received_on": TODAY,
        "brief": "Looking for someone who arrived by small boat to talk about their first year.",
        "format": "interview",
        "media_type": "online",
        "languages": [],
        "identity_level_acceptable": "first_name",
    }
    values.update(fields)
    request = JournalistRequest.objects.create(**values)
    request.themes.set(themes)
    return request


def storyteller(languages=(), consent=True, **fields) -> StorytellerProfile:
    """A storyteller who fits an online, first-name request unless told otherwise."""
    fields.setdefault("media_training_done", True)
    profile = StorytellerFactory(**fields)
    for language, level, *needs in languages:
        StorytellerLanguage.objects.create(
            storyteller=profile,
            language=language,
            level=level,
            needs_interpreter=bool(needs and needs[0]),
        )
    if consent:
        ConsentFactory(storyteller=profile)
    return profile


def result_for(results: list[MatchResult], profile: StorytellerProfile) -> MatchResult:
    return next(r for r in results if r.storyteller.pk == profile.pk)


def reasons(result: MatchResult) -> dict[str, bool]:
    return {text: ok for ok, text in result.reasons}


def rank(request: JournalistRequest) -> list[MatchResult]:
    return rank_storytellers(request, on=TODAY)


# --- Each factor --------------------------------------------------------------------


def test_it_matches_someone_who_speaks_a_language_of_the_request():
    farsi = storyteller(languages=[("Farsi", "native")])
    request = make_request(languages=["farsi", "Dari"])
    result = result_for(rank(request), farsi)
    assert reasons(result)["Speaks Farsi (first language)."] is True
    assert result.eligible


def test_it_refuses_a_language_spoken_only_at_a_basic_level():
    basic = storyteller(languages=[("English", "basic"), ("Arabic", "native")])
    result = result_for(rank(make_request(languages=["English"])), basic)
    assert reasons(result)["Does not speak English at conversational level or better."] is False
    assert not result.eligible


def test_it_falls_back_on_an_active_interpreter_for_a_language_they_need_one_for():
    speaker = storyteller(languages=[("English", "basic"), ("Tigrinya", "native", True)])
    Interpreter.objects.create(name="Invented Interpreter", languages="Amharic, tigrinya")
    result = result_for(rank(make_request(languages=["English"])), speaker)
    assert reasons(result)["Can speak in Tigrinya with an interpreter (one is available)."] is True
    assert result.eligible
    assert result.interpreter_language == "Tigrinya"


def test_it_does_not_count_an_inactive_interpreter():
    speaker = storyteller(languages=[("Tigrinya", "native", True)])
    Interpreter.objects.create(name="Retired Interpreter", languages="Tigrinya", is_active=False)
    result = result_for(rank(make_request(languages=["English"])), speaker)
    assert (
        reasons(result)[
            "Needs an interpreter for Tigrinya, and no active interpreter has that language."
        ]
        is False
    )
    assert not result.eligible


def test_it_is_neutral_on_language_when_none_is_asked_for():
    anyone = storyteller()
    assert reasons(result_for(rank(make_request()), anyone))["No language asked for."] is True


def test_it_scores_the_same_region_above_the_same_area_above_elsewhere():
    north_east = RegionFactory(name="North East")
    stockton = RegionFactory(name="Stockton-on-Tees", parent=north_east)
    sunderland = RegionFactory(name="Sunderland", parent=north_east)
    london = RegionFactory(name="London")
    here = storyteller(region=stockton, reference="S-0001")
    near = storyteller(region=sunderland, reference="S-0002")
    far = storyteller(region=london, reference="S-0003")
    nowhere = storyteller(reference="S-0004")
    results = rank(make_request(region=stockton))
    assert reasons(result_for(results, here))["Lives in North East › Stockton-on-Tees."] is True
    assert (
        reasons(result_for(results, near))[
            "Lives in North East › Sunderland, near North East › Stockton-on-Tees."
        ]
        is True
    )
    assert (
        reasons(result_for(results, far))["Lives in London, not North East › Stockton-on-Tees."]
        is False
    )
    assert reasons(result_for(results, nowhere))["No region recorded."] is False
    assert [r.storyteller.reference for r in results] == ["S-0001", "S-0002", "S-0003", "S-0004"]
    # When a region is asked for, it is a must-have: theirs or one nearby fits.
    assert [r.eligible for r in results] == [True, True, False, False]


def test_it_counts_a_storyteller_in_the_parent_region_as_near():
    north_east = RegionFactory(name="North East")
    stockton = RegionFactory(name="Stockton-on-Tees", parent=north_east)
    broad = storyteller(region=north_east)
    result = result_for(rank(make_request(region=stockton)), broad)
    assert reasons(result)["Lives in North East, near North East › Stockton-on-Tees."] is True


def test_it_is_neutral_on_region_when_none_is_asked_for():
    anyone = storyteller(region=RegionFactory())
    assert reasons(result_for(rank(make_request()), anyone))["No region asked for."] is True


def test_it_names_the_themes_shared_and_ranks_more_shared_themes_higher():
    crossing = ThemeFactory(name="Channel crossing")
    hotels = ThemeFactory(name="Asylum hotels")
    detention = ThemeFactory(name="Detention")
    both = storyteller(reference="S-0010")
    both.themes.set([crossing, hotels])
    one = storyteller(reference="S-0011")
    one.themes.set([hotels, detention])
    none = storyteller(reference="S-0012")
    none.themes.set([detention])
    results = rank(make_request(themes=[crossing, hotels]))
    assert (
        reasons(result_for(results, both))["Shares themes: Channel crossing, Asylum hotels."]
        is True
    )
    assert reasons(result_for(results, one))["Shares themes: Asylum hotels."] is True
    assert reasons(result_for(results, none))["Shares none of the themes asked for."] is False
    assert [r.storyteller.reference for r in results] == ["S-0010", "S-0011", "S-0012"]


def test_it_refuses_a_consent_that_excludes_the_outlet_with_the_reason():
    outlet = OutletFactory(name="The Daily Grumble")
    excluded = storyteller(consent=False)
    consent = ConsentFactory(storyteller=excluded)
    consent.excluded_organisations.set([outlet.organisation])
    result = result_for(rank(make_request(outlet=outlet)), excluded)
    text = "The consent given on 10 January 2022 excludes The Daily Grumble."
    assert reasons(result)[text] is False
    assert not result.eligible
    assert result.consent_id is None


@pytest.mark.parametrize(
    ("consent_fields", "request_fields", "reason"),
    [
        ({}, {}, "Covered by the consent given on 10 January 2022."),
        (
            {"media_types": ["print"]},
            {},
            "The consent given on 10 January 2022 does not cover online.",
        ),
        (
            {"identity_level": "pseudonym"},
            {},
            "The consent given on 10 January 2022 allows at most: pseudonym; "
            "this use would be: first name only.",
        ),
        (
            {},
            {"face_needed": True},
            "The consent given on 10 January 2022 does not allow their face to be shown.",
        ),
        (
            {"expires_on": datetime.date(2023, 1, 10)},
            {},
            "The consent given on 10 January 2022 expired on 10 January 2023.",
        ),
        (
            {"withdrawn_on": datetime.date(2023, 5, 1)},
            {},
            "The consent given on 10 January 2022 was withdrawn on 1 May 2023.",
        ),
        (
            {"excluded_outlet_kinds": [OutletKind.TV]},
            {},
            "The consent given on 10 January 2022 excludes",
        ),
    ],
)
def test_it_judges_consent_exactly_as_consent_covers(consent_fields, request_fields, reason):
    """Same verdict, same consent and the very same words as the one judge of consent."""
    outlet = OutletFactory(name="Channel Example News", kind=OutletKind.TV)
    profile = storyteller(consent=False)
    ConsentFactory(storyteller=profile, **consent_fields)
    request = make_request(outlet=outlet, **request_fields)
    result = result_for(rank(request), profile)
    coverage = consent_covers(
        storyteller=profile,
        outlet=outlet_facts(outlet),
        media_type=request.media_type,
        identity_level=request.identity_level_acceptable,
        face_shown=request.face_needed,
        on=TODAY,
    )
    assert coverage.reason.startswith(reason)
    assert reasons(result)[coverage.reason] is bool(coverage)
    assert result.consent_id == (coverage.consent.pk if coverage.consent else None)


def test_it_refuses_outlets_in_an_excluded_audience_segment():
    hostile = OutletFactory(name="The Grumble", segment=segment("hostile-leaning"))
    profile = storyteller(consent=False)
    consent = ConsentFactory(storyteller=profile)
    consent.excluded_audiences = ["hostile-leaning"]
    consent.save()
    result = result_for(rank(make_request(outlet=hostile)), profile)
    assert not result.eligible
    assert any("excludes outlets whose audience is" in text for ok, text in result.reasons)


def test_it_agrees_with_consent_covers_when_a_storyteller_has_several_consents():
    request = make_request()
    profile = storyteller(consent=False)
    ConsentFactory(storyteller=profile, given_on=datetime.date(2021, 5, 1))
    ConsentFactory(storyteller=profile, given_on=datetime.date(2023, 5, 1), media_types=["print"])
    ConsentFactory(storyteller=profile, given_on=datetime.date(2025, 5, 1))
    result = result_for(rank(request), profile)
    coverage = consent_covers(
        storyteller=profile,
        outlet=outlet_facts(request.outlet),
        media_type=request.media_type,
        identity_level=request.identity_level_acceptable,
        on=TODAY,
    )
    assert result.consent_id == (coverage.consent.pk if coverage.consent else None)
    assert reasons(result)[coverage.reason] is bool(coverage)


def test_it_says_when_no_consent_is_recorded():
    profile = storyteller(consent=False)
    result = result_for(rank(make_request()), profile)
    assert reasons(result)["No consent has been recorded for this storyteller."] is False
    assert not result.eligible


def test_it_scores_readiness_without_excluding_the_untrained():
    ready = storyteller(reference="S-0020", experience="experienced")
    new = storyteller(reference="S-0021", media_training_done=False, experience="new")
    results = rank(make_request())
    assert (
        reasons(result_for(results, ready))["Media training done; experienced with media."] is True
    )
    assert reasons(result_for(results, new))["No media training yet; new to media."] is False
    assert [r.storyteller.reference for r in results] == ["S-0020", "S-0021"]
    assert result_for(results, new).eligible


def test_it_excludes_those_not_available_or_paused():
    busy = storyteller(is_available=False, availability_note="Exams until June")
    paused = storyteller(status=StorytellerProfile.Status.PAUSED)
    free = storyteller(availability_note="Evenings only")
    results = rank(make_request())
    assert (
        reasons(result_for(results, busy))["Marked as not available (Exams until June)."] is False
    )
    assert reasons(result_for(results, paused))["Paused: not taking part at the moment."] is False
    assert reasons(result_for(results, free))["Available (Evenings only)."] is True
    assert not result_for(results, busy).eligible
    assert not result_for(results, paused).eligible


def test_it_leaves_out_those_who_left_or_were_erased():
    gone = storyteller(status=StorytellerProfile.Status.LEFT)
    erased = storyteller(status=StorytellerProfile.Status.ERASED)
    pks = {r.storyteller.pk for r in rank(make_request())}
    assert gone.pk not in pks and erased.pk not in pks


def test_it_rests_storytellers_after_a_media_appearance(settings):
    settings.CHORUS_MATCH_REST_DAYS = 14
    recent = storyteller(last_media_appearance=TODAY - datetime.timedelta(days=5))
    rested = storyteller(last_media_appearance=TODAY - datetime.timedelta(days=14))
    never = storyteller()
    results = rank(make_request())
    assert (
        reasons(result_for(results, recent))[
            "Last appeared in the media on 25 February 2024: resting until 10 March 2024 "
            "(14-day rest period)."
        ]
        is False
    )
    assert not result_for(results, recent).eligible
    assert (
        reasons(result_for(results, rested))[
            "Last appeared in the media on 16 February 2024, 14 days ago."
        ]
        is True
    )
    assert reasons(result_for(results, never))["No media appearance recorded."] is True


def test_it_reads_the_rest_period_from_the_settings(settings):
    settings.CHORUS_MATCH_REST_DAYS = 3
    recent = storyteller(last_media_appearance=TODAY - datetime.timedelta(days=5))
    assert result_for(rank(make_request()), recent).eligible


def test_it_holds_a_match_while_a_safeguarding_concern_is_open_without_saying_what_it_is():
    held = storyteller(reference="S-0030")
    SafeguardingConcern.objects.create(
        storyteller=held,
        raised_on=TODAY,
        level="high",
        summary="CANARY-MATCH-CONCERN hostile contact",
        notes="CANARY-MATCH-NOTES",
    )
    closed = storyteller(reference="S-0031")
    SafeguardingConcern.objects.create(
        storyteller=closed, raised_on=TODAY, level="low", status="closed", summary="old"
    )
    results = rank(make_request())
    result = result_for(results, held)
    assert result.held and result.eligible
    assert reasons(result)[HELD_TEXT] is False
    assert "CANARY" not in repr(results)
    assert "high" not in " ".join(text for _, text in result.reasons).lower()
    assert not result_for(results, closed).held
    assert reasons(result_for(results, closed))["No safeguarding hold."] is True


def test_a_cleared_hold_lifts_for_every_request_its_conditions_allow():
    held = storyteller()
    SafeguardingConcern.objects.create(
        storyteller=held,
        raised_on=TODAY,
        level="medium",
        summary="x",
        status=SafeguardingConcern.Status.CLEARED,
        max_identity_level="first_name",
        excluded_media_types=["broadcast"],
    )
    result = result_for(rank(make_request()), held)
    assert not result.held
    cleared = "Cleared by the safeguarding lead, on conditions this request meets."
    assert reasons(result)[cleared] is True
    # The conditions bind every request: no broadcast, nothing more identifying.
    assert result_for(rank(make_request(media_type="broadcast")), held).held
    named = make_request(identity_level_acceptable="named")
    assert result_for(rank(named), held).held


# --- Ranking and cost ---------------------------------------------------------------


def test_it_ranks_fits_first_then_held_fits_then_those_who_do_not_fit():
    theme = ThemeFactory(name="Family separation")
    best = storyteller(reference="S-0040", experience="experienced")
    best.themes.set([theme])
    storyteller(reference="S-0041")
    held = storyteller(reference="S-0042", experience="experienced")
    held.themes.set([theme])
    SafeguardingConcern.objects.create(storyteller=held, raised_on=TODAY, level="low", summary="x")
    unfit = storyteller(reference="S-0043", consent=False, experience="experienced")
    unfit.themes.set([theme])
    results = rank(make_request(themes=[theme]))
    assert [r.storyteller.reference for r in results] == ["S-0040", "S-0041", "S-0042", "S-0043"]
    assert [(r.eligible, r.held) for r in results] == [
        (True, False),
        (True, False),
        (True, True),
        (False, False),
    ]
    assert results[0].score > results[1].score


def _network(count: int, outlet, theme, region) -> None:
    for _ in range(count):
        profile = storyteller(
            languages=[("English", "fluent"), ("Dari", "native", True)], region=region
        )
        profile.themes.set([theme])
        consent = ConsentFactory(storyteller=profile)
        consent.excluded_organisations.set([outlet.organisation])
        consent.excluded_audiences = ["specialist"]
        consent.save()
        SafeguardingConcern.objects.create(
            storyteller=profile, raised_on=TODAY, level="low", summary="x"
        )


def test_its_query_count_does_not_grow_with_the_network(django_assert_max_num_queries):
    theme = ThemeFactory(name="Work and skills")
    region = RegionFactory(name="Leeds", parent=RegionFactory(name="Yorkshire"))
    outlet = OutletFactory(name="Example Radio")
    Interpreter.objects.create(name="Invented Interpreter", languages="Dari")
    request = make_request(
        outlet=outlet, languages=["English"], region=region, themes=[theme], face_needed=True
    )
    _network(3, outlet, theme, region)
    with CaptureQueriesContext(connection) as small:
        assert len(rank(request)) == 3
    _network(30, outlet, theme, region)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(rank(request)) == 33
    # Ranking: 9 (one per fact, for everyone at once); explaining: 3 more.
    assert len(small.captured_queries) <= 12


def test_the_match_page_path_explains_only_the_page_shown():
    for n in range(6):
        storyteller(reference=f"S-05{n:02d}")
    request = make_request()
    ranking = rank_request(request, on=TODAY)
    assert all(not r.reasons for r in ranking.results)
    ranking.explain(ranking.results[:2])
    assert [bool(r.reasons) for r in ranking.results] == [True] * 2 + [False] * 4
    explained = rank_storytellers(request, on=TODAY, explain_first=3)
    assert [len(r.reasons) for r in explained] == [8, 8, 8, 0, 0, 0]


def test_ranking_and_its_reasons_always_agree():
    """Ranking decides from facts read in SQL, the reasons are spelt out from the rows:
    across a varied network, who fits must be exactly who has no failing hard reason."""
    rng = random.Random(7)
    north = RegionFactory(name="North")
    places = [RegionFactory(name=f"Town {n}", parent=north) for n in range(3)]
    themes = [ThemeFactory(name=f"Theme {n}") for n in range(4)]
    outlets = [OutletFactory(kind=kind) for kind in (OutletKind.TV, OutletKind.ONLINE)]
    Interpreter.objects.create(name="Invented Interpreter", languages="Tigrinya, Dari")
    for n in range(40):
        profile = storyteller(
            reference=f"S-06{n:02d}",
            consent=False,
            region=rng.choice([None, north, *places]),
            status=rng.choice(["active"] * 4 + ["paused"]),
            is_available=rng.random() < 0.8,
            media_training_done=rng.random() < 0.5,
            experience=rng.choice(["new", "some", "experienced"]),
            last_media_appearance=rng.choice(
                [None, TODAY - datetime.timedelta(days=3), TODAY - datetime.timedelta(days=40)]
            ),
            languages=rng.sample(
                [
                    ("English", "basic"),
                    ("english", "fluent"),
                    ("Dari", "native", True),
                    ("Tigrinya", "native", True),
                    ("Somali", "native", True),
                    ("Farsi", "conversational"),
                ],
                rng.randrange(0, 3),
            ),
        )
        profile.themes.set(rng.sample(themes, rng.randrange(0, 3)))
        for _ in range(rng.randrange(0, 3)):
            consent = ConsentFactory(
                storyteller=profile,
                given_on=datetime.date(2023, rng.randrange(1, 13), 1),
                media_types=rng.sample(["print", "online", "broadcast", "video"], 2),
                identity_level=rng.choice(["anonymous", "pseudonym", "first_name", "named"]),
                face_shown=rng.random() < 0.5,
                excluded_outlet_kinds=["tv"] if rng.random() < 0.2 else [],
                withdrawn_on=datetime.date(2024, 1, 1) if rng.random() < 0.1 else None,
            )
            if rng.random() < 0.2:
                consent.excluded_organisations.set([outlets[0].organisation])
        if rng.random() < 0.15:
            SafeguardingConcern.objects.create(
                storyteller=profile, raised_on=TODAY, level="low", summary="x"
            )
    requests = [
        make_request(outlet=outlets[0], media_type="broadcast", languages=["English", "Farsi"]),
        make_request(outlet=outlets[1], region=places[0], themes=themes[:2], face_needed=True),
        make_request(outlet=outlets[1], media_type="video", languages=["Somali"], region=north),
    ]
    for request in requests:
        for result in rank(request):
            language, _, _, consent, _, availability, rest, hold = result.reasons
            fits = language.ok and consent.ok and availability.ok and rest.ok
            assert result.eligible == fits, (result.storyteller.reference, result.reasons)
            assert result.held == (not hold.ok)
            assert (result.consent_id is not None) == consent.ok
            coverage = consent_covers(
                storyteller=StorytellerProfile.objects.get(pk=result.storyteller.pk),
                outlet=outlet_facts(request.outlet),
                media_type=request.media_type,
                identity_level=request.identity_level_acceptable,
                face_shown=request.face_needed,
                on=TODAY,
            )
            assert consent.text == coverage.reason


def _consent_edges(outlet):
    """One storyteller per edge of the consent rules, each with the consents to judge."""
    day = datetime.timedelta(days=1)
    other_outlet = OutletFactory(name="The Other Paper", kind=OutletKind.ONLINE)
    edges = {
        "given today": [{"given_on": TODAY}],
        "newer one not valid yet": [
            {"given_on": TODAY - 10 * day},
            {"given_on": TODAY + day, "media_types": ["print"]},  # not the broadcast asked
        ],
        "newer one narrower": [
            {"given_on": TODAY - 10 * day},
            {"given_on": TODAY - 5 * day, "media_types": ["print"]},
        ],
        "older one narrower": [
            {"given_on": TODAY - 10 * day, "media_types": ["print"]},
            {"given_on": TODAY - 5 * day},
        ],
        "same day, narrower one recorded last": [
            {"given_on": TODAY - 5 * day},
            {"given_on": TODAY - 5 * day, "face_shown": False},
        ],
        "same day, broader one recorded last": [
            {"given_on": TODAY - 5 * day, "face_shown": False},
            {"given_on": TODAY - 5 * day},
        ],
        "expires today": [{"expires_on": TODAY}],
        "expired yesterday": [{"expires_on": TODAY - day}],
        "withdrawn today": [{"withdrawn_on": TODAY}],
        "withdrawal dated tomorrow": [{"withdrawn_on": TODAY + day}],
        "pseudonym only": [{"identity_level": "pseudonym"}],
        "full name": [{"identity_level": "named"}],
        "no face": [{"face_shown": False}],
        "another media type": [{"media_types": ["photo", "print"]}],
        "excludes this kind": [{"excluded_outlet_kinds": [OutletKind.TV, OutletKind.RADIO]}],
        "excludes another kind": [{"excluded_outlet_kinds": [OutletKind.ONLINE]}],
        "excludes this outlet": [{"excluded_outlets": [outlet]}],
        "excludes another outlet": [{"excluded_outlets": [other_outlet]}],
        "excludes this audience": [{"excluded_audiences": ["hostile-leaning"]}],
        "excludes another audience": [{"excluded_audiences": ["specialist"]}],
        "no consent": [],
    }
    profiles = {}
    for n, (edge, consents) in enumerate(edges.items()):
        profile = storyteller(reference=f"S-07{n:02d}", consent=False)
        for fields in consents:
            fields = {"face_shown": True, "media_types": ["online", "broadcast"], **fields}
            excluded_outlets = fields.pop("excluded_outlets", [])
            consent = ConsentFactory(storyteller=profile, **fields)
            consent.excluded_organisations.set([o.organisation for o in excluded_outlets])
        profiles[edge] = profile
    return profiles


def test_ranking_judges_consent_as_the_one_judge_does_on_every_edge():
    """Ranking judges consent in SQL, for everyone at once: on each edge of the rules it
    must find the same covering consent as `consent_covers`, before any explaining."""
    outlet = OutletFactory(
        name="Channel Example", kind=OutletKind.TV, segment=segment("hostile-leaning")
    )
    profiles = _consent_edges(outlet)
    request = make_request(outlet=outlet, media_type="broadcast", face_needed=True)
    ranking = rank_request(request, on=TODAY)
    verdicts = {}
    for edge, profile in profiles.items():
        coverage = consent_covers(
            storyteller=profile,
            outlet=outlet_facts(outlet),
            media_type="broadcast",
            identity_level="first_name",
            face_shown=True,
            on=TODAY,
        )
        result = result_for(ranking.results, profile)
        assert result.eligible is bool(coverage), (edge, coverage.reason)
        assert result.consent_id == (coverage.consent.pk if coverage.consent else None), edge
        verdicts[edge] = bool(coverage)
    # The edges are real ones: the judge says yes to some and no to others.
    assert verdicts["given today"] and verdicts["expires today"]
    assert verdicts["newer one not valid yet"] and not verdicts["newer one narrower"]
    assert not verdicts["same day, narrower one recorded last"]
    assert verdicts["same day, broader one recorded last"]
    assert not verdicts["withdrawn today"] and verdicts["withdrawal dated tomorrow"]
    assert not verdicts["excludes this kind"] and verdicts["excludes another kind"]
    assert not verdicts["excludes this outlet"] and verdicts["excludes another outlet"]
    assert not verdicts["excludes this audience"] and verdicts["excludes another audience"]
    assert match_summary(ranking.results)["eligible"] == sum(verdicts.values())


def test_it_breaks_ties_by_reference_as_written():
    """Equal matches come in the order of their references, character by character."""
    for reference in ["s-001", "S_01", "T-1", "S-1", "S-010"]:
        storyteller(reference=reference)
    results = rank(make_request())
    assert len({r.score for r in results}) == 1
    assert [r.storyteller.reference for r in results] == ["S-010", "S-1", "S_01", "T-1", "s-001"]


def test_it_leaves_the_garbage_collector_as_it_found_it():
    assert gc.isenabled()
    rank(make_request())
    assert gc.isenabled()
    gc.disable()
    try:
        rank(make_request())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_it_never_reads_an_encrypted_column():
    storyteller(languages=[("English", "fluent")])
    request = make_request(languages=["English"])
    with CaptureQueriesContext(connection) as captured:
        rank(request)
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    for column in ("legal_name", "media_name", "contact_details", "story_notes", "summary"):
        assert column not in sql
