"""Small numbers of people are hidden in a published report, and only there."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.impact import annual, services, suppression
from chorus.impact.periods import Period
from chorus.training.models import CourseKind, Feedback
from tests.factories import RegionFactory, UserFactory
from tests.training.conftest import make_registration, make_session

pytestmark = pytest.mark.django_db


def _figure(kind: str, rows: list[int] | None = None, **fields) -> dict:
    return {
        "code": "x.y",
        "kind": kind,
        "counts_people": True,
        "value": None,
        "display": "",
        "rows": [
            {"key": str(i), "label": f"Group {i}", "value": v, "display": str(v), "percent": 10}
            for i, v in enumerate(rows or [])
        ],
        **fields,
    }


def test_counts_of_one_to_four_in_a_breakdown_show_as_fewer_than_five():
    figure = _figure("breakdown", [3, 0, 12, 20, 7])
    suppression.apply(figure, 5)
    shown = [(row["display"], row["value"], row["percent"]) for row in figure["rows"]]
    # 3 is hidden; so is 7, the next smallest, or 42 − 12 − 20 − 0 would reveal the 3.
    assert shown == [
        ("fewer than 5", None, None),
        ("0", 0, 10),
        ("12", 12, 10),
        ("20", 20, 10),
        ("withheld", None, None),
    ]
    assert figure["rows"][4]["suppressed"] == "secondary"


def test_two_hidden_cells_need_no_secondary_suppression():
    figure = _figure("breakdown", [2, 4, 30])
    suppression.apply(figure, 5)
    assert [row["value"] for row in figure["rows"]] == [None, None, 30]


def test_a_share_made_from_small_numbers_is_withheld():
    figure = _figure("share", value=0.75, numerator=3, denominator=4, percent=75)
    suppression.apply(figure, 5)
    assert figure["value"] is None and figure["percent"] is None and figure["numerator"] is None
    assert figure["display"] == "withheld (fewer than 5 people)"


def test_figures_that_do_not_count_people_are_left_alone():
    figure = _figure("breakdown", [1, 2, 30], counts_people=False)
    suppression.apply(figure, 5)
    assert [row["value"] for row in figure["rows"]] == [1, 2, 30]


def test_the_threshold_is_a_setting(settings):
    settings.CHORUS_REPORT_SMALL_NUMBERS = 10
    figure = _figure("breakdown", [7, 30, 40])
    suppression.apply(figure, suppression.rule()["threshold"])
    assert figure["rows"][0]["display"] == "fewer than 10"
    assert "from 1 to 9" in suppression.rule()["description"]


def _last_30_days() -> Period:
    today = timezone.localdate()
    return Period(today - datetime.timedelta(days=30), today)


def _regional_days() -> Period:
    today = timezone.localdate()
    for region_name, people in (("Carlisle", 3), ("Stockton-on-Tees", 12), ("Hull", 20)):
        session = make_session(
            kind=CourseKind.REGIONAL, days=-5, region=RegionFactory(name=region_name)
        )
        for n in range(people):
            make_registration(session, status="attended", email=f"{region_name}-{n}@example.org")
    return Period(today - datetime.timedelta(days=30), today)


def test_a_published_report_hides_them_but_the_draft_shows_staff_the_true_numbers(client_for):
    period = _regional_days()
    admin = UserFactory(username="suppress-admin", role=Role.ADMIN)
    draft = services.annual_report_create(actor=admin, period=period)
    true = annual.figures_of(annual.build_document(period, draft))[
        "training.participants_by_region"
    ]
    assert sorted(row["value"] for row in true["rows"]) == [3, 12, 20]

    published = services.annual_report_publish(actor=admin, report=draft)
    figure = annual.figures_of(published.snapshot)["training.participants_by_region"]
    shown = {row["label"].split(" › ")[-1]: row["display"] for row in figure["rows"]}
    assert shown == {"Carlisle": "fewer than 5", "Stockton-on-Tees": "withheld", "Hull": "20"}
    assert published.snapshot["suppression"] == {
        **suppression.rule(),
        "applied": True,
    }
    page = client_for(Role.READ_ONLY).get(f"/published/{published.pk}/").content.decode()
    assert "fewer than 5" in page


def test_quotes_appear_only_with_permission_to_quote():
    session = make_session(kind=CourseKind.MASTERCLASS, days=-3)
    period = _last_30_days()
    for text, permission in (
        ("I can pitch a story now.", Feedback.QuotePermission.ANONYMOUSLY),
        ("Please keep this to yourselves.", Feedback.QuotePermission.NO),
    ):
        Feedback.objects.create(
            session=session,
            confidence_before=2,
            confidence_after=4,
            quote=text,
            quote_permission=permission,
        )
    training = next(s for s in annual.build_document(period)["sections"] if s["key"] == "training")
    quotes = [item["title"] for item in training["items"]]
    assert quotes == ["“I can pitch a story now.”"]
    assert training["items"][0]["detail"].startswith("A participant")


def test_previous_year_of_an_area_with_no_records_then_is_not_recorded():
    session = make_session(kind=CourseKind.MASTERCLASS, days=-3)
    make_registration(session, status="attended")
    period = _last_30_days()
    figure = annual.figures_of(annual.build_document(period))["training.masterclass_participants"]
    assert figure["value"] == 1
    assert figure["previous"]["display"] == "not recorded in Chorus"
