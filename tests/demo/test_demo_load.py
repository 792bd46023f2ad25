from __future__ import annotations

import csv
import datetime
import json
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.media.models import Campaign, Journalist, Outlet, Placement
from chorus.people.models import Organisation, Person, Region
from chorus.privacy.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

# Real people named in the seed documents. The demo must never use their names.
REAL_NAMES = [
    "Zozan", "Yasar", "Amir", "Ibrahimi", "Kaveh", "Ali", "Ghaderi", "Elahe", "Ziai",
    "Aida", "Silvestri", "Hassan", "Akkad", "Jenni", "Regan", "Katherine", "Maxwell-Rose",
    "Melanie", "Delaroche", "Mihai", "Bica", "Tom Green",
]  # fmt: skip
REAL_NAME = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in REAL_NAMES) + r")\b", re.IGNORECASE
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load(*args: str) -> str:
    out = StringIO()
    # A fixed "today", so the number of placements after 2023 does not change with the calendar.
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = [User, Region, Organisation, Person, Outlet, Journalist, Campaign, Placement]
    return {model.__name__: model.objects.count() for model in models}


def _report(start: str, end: str) -> dict:
    out = StringIO()
    call_command("report", "--from", start, "--to", end, stdout=out)
    return json.loads(out.getvalue())["indicators"]


def test_it_reproduces_the_seed_figures_for_2022_23():
    _load()
    indicators = _report("2022-07-01", "2023-06-30")
    assert indicators["media.placements"]["value"] == 177
    lived = indicators["media.lived_experience_share"]
    assert (lived["numerator"], lived["denominator"]) == (115, 177)
    mixed = indicators["media.mixed_middle_share"]
    assert (mixed["numerator"], mixed["denominator"]) == (120, 177)
    assert indicators["media.days_per_placement"]["value"] == 2.1
    months = [row["value"] for row in indicators["media.placements_by_month"]["value"]]
    assert min(months) >= 4  # spread through the year, not bunched in a few months
    typical = sorted(months)[6]
    assert months[5] > typical  # December: International Migrants Day
    assert months[11] > typical  # June: Refugee Week


def test_the_annual_report_of_2022_23_shows_every_seed_figure_chorus_records():
    """The seed impact report's figures, as the annual report for the year shows them."""
    _load()
    out = StringIO()
    call_command(
        "report", "--from", "2022-07-01", "--to", "2023-06-30", "--format", "csv", stdout=out
    )
    shown = {(row["code"], row["group"]): row for row in csv.DictReader(StringIO(out.getvalue()))}

    def figure(code: str) -> dict[str, str]:
        return shown[(code, "")]

    # Media: 177 stories, about one every two days, 115 and 120 of them.
    assert figure("media.placements")["value"] == "177"
    assert figure("media.days_per_placement")["shown_as"] == "2.1 days"
    lived, mixed = figure("media.lived_experience_share"), figure("media.mixed_middle_share")
    assert (lived["numerator"], lived["denominator"], lived["shown_as"]) == ("115", "177", "65%")
    assert (mixed["numerator"], mixed["denominator"], mixed["shown_as"]) == ("120", "177", "68%")
    # Training: 226 masterclass participants, 30 bespoke sessions for 318 people.
    assert figure("training.masterclass_participants")["value"] == "226"
    assert figure("training.bespoke_sessions")["value"] == "30"
    assert figure("training.bespoke_participants")["value"] == "318"
    # The network: round-up to over 1,000, the Google group of 1,100, the panel of 40.
    assert int(figure("roundup.subscribers")["value"]) > 1000
    assert figure("network.members")["value"] == "1100"
    assert figure("events.panel_attendees")["value"] == "40"
    journalists = figure("events.panel_journalist_share")
    assert int(journalists["numerator"]) * 2 > int(journalists["denominator"]) == 40
    # Lived experience: two cohorts of 8 ambassadors, a steering group of 6, the network.
    assert figure("voices.ambassadors")["value"] == "16"
    assert figure("voices.steering_group")["value"] == "6"
    assert int(figure("voices.network_members")["value"]) >= 16
    # Human Journeys: about 95 stories; the top post's 3,074 views reaching 2,659 accounts.
    assert figure("social.human_journeys_stories")["value"] == "95"
    assert shown[("social.top_post", "Plays")]["value"] == "3074"
    document = json.loads(_report_document("2022-07-01", "2023-06-30"))
    top = next(
        f for s in document["sections"] for f in s["figures"] if f["code"] == "social.top_post"
    )
    assert top["phrase"] == "3,074 plays, reaching 2,659 accounts"
    # The podcast: the Un/Documented pilot's six episodes.
    assert figure("podcast.episodes")["value"] == "6"
    # The invented funders: five grants from five funders ran in the year; income £108,980.
    assert figure("funders.grants")["value"] == "5"
    assert figure("funders.funders")["value"] == "5"
    assert figure("funders.income_total")["value"] == "108980"


def _report_document(start: str, end: str) -> str:
    out = StringIO()
    call_command("report", "--from", start, "--to", end, stdout=out)
    return out.getvalue()


def test_the_two_ambassador_cohorts_have_8_each_around_their_days():
    _load()
    ambassadors = json.loads(_report_document("2022-12-01", "2022-12-31"))["indicators"]
    assert ambassadors["voices.ambassadors"]["value"] == 8  # International Migrants Day
    june = json.loads(_report_document("2023-06-01", "2023-06-30"))["indicators"]
    assert june["voices.ambassadors"]["value"] == 8  # Refugee Week


def test_it_gives_plausible_figures_for_the_other_years():
    _load()
    for start, low, high in [("2021", 130, 170), ("2023", 170, 215)]:
        end = str(int(start) + 1)
        indicators = _report(f"{start}-07-01", f"{end}-06-30")
        total = indicators["media.placements"]["value"]
        assert low <= total <= high
        assert 0.55 <= indicators["media.lived_experience_share"]["value"] <= 0.75
        assert 0.55 <= indicators["media.mixed_middle_share"]["value"] <= 0.75
    assert not Placement.objects.filter(published_on__gt=datetime.date(2025, 3, 1)).exists()
    assert not Placement.objects.filter(published_on__lt=datetime.date(2021, 7, 1)).exists()


def test_it_creates_the_demo_staff_with_their_roles_and_password():
    _load("--password", "a-demo-password-for-tests")
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": Role.ADMIN,
        "safeguarding": Role.SAFEGUARDING_LEAD,
        "media": Role.MEDIA_OFFICER,
        "coordinator": Role.COORDINATOR,
        "digital": Role.DIGITAL_OFFICER,
        "director": Role.DIRECTOR,
        "volunteer": Role.VOLUNTEER,
        "readonly": Role.READ_ONLY,
    }
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.check_password("a-demo-password-for-tests")
    assert coordinator.first_name and coordinator.last_name


def test_it_creates_the_directory_and_media_desk_records():
    _load()
    assert Outlet.objects.count() >= 40
    assert Outlet.objects.get(name="BBC News").domain_list == ["bbc.co.uk", "bbc.com"]
    assert Outlet.objects.get(name="The Guardian").segment.slug == "already-supportive"
    assert Outlet.objects.get(name="Daily Mail").segment.slug == "hostile-leaning"
    assert str(Region.objects.get(name="Stockton-on-Tees")) == "North East › Stockton-on-Tees"
    assert Organisation.objects.filter(name="City of Sanctuary UK").exists()
    assert Journalist.objects.count() >= 20
    assert Campaign.objects.filter(name="#StoriesFromAfghanistan").exists()
    assert Placement.objects.exclude(campaign=None).exists()
    assert Placement.objects.exclude(region=None).exists()
    assert Placement.objects.values("format").distinct().count() >= 5
    # One audit row for the bulk load, as the services would have written one per record.
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, note="demo data").count() == 1


def test_it_creates_nothing_twice():
    first = _load()
    counts = _counts()
    second = _load()
    assert _counts() == counts
    assert "Placements: 0 created" in second
    assert "Placements: 0 created" not in first
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, note="demo data").count() == 1


# A reset flushes every table, which PostgreSQL refuses inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_it_starts_afresh_with_reset():
    _load()
    counts = _counts()
    Placement.objects.filter(published_on__year=2022).delete()
    Person.objects.create(full_name="Someone Added By Hand")
    output = _load("--reset")
    assert "Deleted all data." in output
    assert _counts() == counts
    assert not Person.objects.filter(full_name="Someone Added By Hand").exists()
    assert _report("2022-07-01", "2023-06-30")["media.placements"]["value"] == 177


def test_it_uses_no_real_names_from_the_seed():
    _load()
    texts = [
        *Person.objects.values_list("full_name", flat=True),
        *Placement.objects.values_list("headline", flat=True),
        *(f"{first} {last}" for first, last in User.objects.values_list("first_name", "last_name")),
    ]
    found = sorted({match.group(0) for text in texts for match in REAL_NAME.finditer(text)})
    assert found == []
