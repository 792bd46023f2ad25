"""The journalist directory: list, search, add, edit, history, CSV out and in, the
request form's inline add, the person page's link, and who may open it."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from chorus import cli
from chorus.accounts.roles import Role
from chorus.media.journalists.services import journalist_create
from chorus.media.models import Journalist, JournalistProfile, JournalistRequest
from chorus.people.models import Person
from chorus.privacy.models import AuditEntry
from tests.factories import OutletFactory, PersonFactory, PlacementFactory, RegionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("media:journalist_list")


def _names(response) -> list[str]:
    return [person.full_name for person in response.context["page_obj"]]


@pytest.fixture
def directory(users):
    north_east = RegionFactory(name="North East")
    tees = RegionFactory(name="Teesside", parent=north_east)
    wales = RegionFactory(name="Wales")
    gazette = OutletFactory(name="Example Gazette")
    radio = OutletFactory(name="Invented Radio")
    media = users[Role.MEDIA_OFFICER]
    ana = journalist_create(
        actor=media,
        full_name="Ana Inventa",
        email="ana@example.org",
        outlets=[gazette],
        beats="home affairs, politics",
        region=tees,
        preferred_contact="email",
    ).person
    bo = journalist_create(
        actor=media,
        full_name="Bo Fictive",
        outlets=[radio],
        beats="health",
        region=wales,
        do_not_contact=True,
        do_not_contact_reason="Misquoted a storyteller in 2024",
    ).person
    # A journalist recorded before the directory: an outlet row, no profile.
    cy = PersonFactory(full_name="Cy Madeup")
    Journalist.objects.create(person=cy, outlet=gazette, beats="sport", is_current=False)
    Journalist.objects.create(person=cy, outlet=radio, beats="courts")
    PersonFactory(full_name="Dee Notajournalist")
    return {"ana": ana, "bo": bo, "cy": cy, "north_east": north_east, "gazette": gazette}


def test_it_lists_journalists_with_their_outlets_current_first(client_for, directory):
    response = client_for(Role.MEDIA_OFFICER).get(LIST)
    assert _names(response) == ["Ana Inventa", "Bo Fictive", "Cy Madeup"]
    html = response.content.decode()
    assert "Invented Radio, Example Gazette (former)" in html
    assert "home affairs, politics" in html
    assert "Do not contact" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "ana"}, ["Ana Inventa"]),
        ({"outlet": "gazette"}, ["Ana Inventa", "Cy Madeup"]),
        ({"beat": "courts"}, ["Cy Madeup"]),
        ({"hide_do_not_contact": "on"}, ["Ana Inventa", "Cy Madeup"]),
    ],
)
def test_it_searches_by_name_outlet_beat_and_hides_do_not_contact(
    client_for, directory, query, expected
):
    assert _names(client_for(Role.MEDIA_OFFICER).get(LIST, query)) == expected


def test_a_region_finds_journalists_in_the_places_inside_it(client_for, directory):
    response = client_for(Role.MEDIA_OFFICER).get(LIST, {"region": directory["north_east"].pk})
    assert _names(response) == ["Ana Inventa"]


def test_it_adds_a_journalist_and_do_not_contact_needs_a_reason(client_for, directory):
    client = client_for(Role.MEDIA_OFFICER)
    data = {
        "full_name": "Eve Imaginary",
        "email": "eve@example.org",
        "outlets": [directory["gazette"].pk],
        "beats": "migration",
        "preferred_contact": "desk",
        "do_not_contact": "on",
        "do_not_contact_reason": "",
    }
    response = client.post(reverse("media:journalist_create"), data)
    assert response.status_code == 200
    assert "Say why they are not to be contacted" in response.content.decode()
    assert not Person.objects.filter(full_name="Eve Imaginary").exists()

    data["do_not_contact_reason"] = "Asked us to stop"
    response = client.post(reverse("media:journalist_create"), data)
    person = Person.objects.get(full_name="Eve Imaginary")
    assert response.url == reverse("media:journalist_detail", args=[person.pk])
    assert person.journalist_profile.do_not_contact_reason == "Asked us to stop"
    assert person.journalist_roles.get().beats == "migration"
    assert AuditEntry.objects.filter(
        object_type="media.journalistprofile", action="create"
    ).exists()


def test_editing_keeps_a_dropped_outlet_as_former_and_creates_a_missing_profile(
    client_for, directory
):
    cy = directory["cy"]
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:journalist_edit", args=[cy.pk]),
        {"full_name": "Cy Madeup", "outlets": [directory["gazette"].pk], "beats": "sport"},
    )
    assert response.status_code == 302
    roles = {r.outlet.name: r.is_current for r in cy.journalist_roles.all()}
    assert roles == {"Example Gazette": True, "Invented Radio": False}
    assert JournalistProfile.objects.filter(person=cy).exists()


def test_the_page_shows_their_requests_and_the_placements_they_led_to(client_for, directory):
    ana = directory["ana"]
    placement = PlacementFactory(outlet=directory["gazette"], headline="A year in a hotel")
    JournalistRequest.objects.create(
        journalist=ana.journalist_roles.get(),
        outlet=directory["gazette"],
        received_on=datetime.date(2024, 3, 1),
        brief="Someone who waited two years for a decision",
        format="interview",
        media_type="online",
        identity_level_acceptable="anonymous",
        placement=placement,
    )
    PlacementFactory(outlet=directory["gazette"], headline="Not from Ana")
    url = reverse("media:journalist_detail", args=[ana.pk])
    html = client_for(Role.MEDIA_OFFICER).get(url).content.decode()
    assert "Someone who waited two years" in html
    assert "A year in a hotel" in html
    assert "Not from Ana" not in html
    # A co-ordinator sees the directory but not requests.
    html = client_for(Role.COORDINATOR).get(url).content.decode()
    assert "Someone who waited two years" not in html
    assert "A year in a hotel" in html


def test_the_page_warns_do_not_contact_with_the_reason(client_for, directory):
    url = reverse("media:journalist_detail", args=[directory["bo"].pk])
    html = client_for(Role.DIGITAL_OFFICER).get(url).content.decode()
    assert "Do not contact." in html and "Misquoted a storyteller in 2024" in html


def test_someone_who_is_not_a_journalist_has_no_page(client_for, directory):
    dee = Person.objects.get(full_name="Dee Notajournalist")
    url = reverse("media:journalist_detail", args=[dee.pk])
    assert client_for(Role.MEDIA_OFFICER).get(url).status_code == 404


def test_the_export_is_a_csv_of_the_filtered_directory(client_for, directory):
    response = client_for(Role.COORDINATOR).get(
        reverse("media:journalist_export"), {"hide_do_not_contact": "on"}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == ["Ana Inventa", "Cy Madeup"]
    assert rows[0]["outlet"] == "Example Gazette"
    assert rows[0]["beats"] == "home affairs, politics"
    assert rows[0]["region"] == "Teesside"
    assert rows[0]["preferred contact"] == "Email"
    assert rows[1]["outlet"] == "Invented Radio"
    assert rows[1]["former outlets"] == "Example Gazette"
    assert AuditEntry.objects.filter(
        action="export", object_type="media.journalistprofile"
    ).exists()


IMPORT_HEADER = (
    "name,email,phone,outlet,beats,region,preferred contact,do not contact,do not contact reason"
)


def _import(capsys, tmp_path, text: str) -> tuple[int, dict]:
    path = tmp_path / "journalists.csv"
    path.write_text(text, encoding="utf-8")
    code = cli.main(["import", "journalists", str(path), "--as", "media"])
    return code, json.loads(capsys.readouterr().out)


def test_the_cli_imports_journalists(capsys, tmp_path, directory):
    code, report = _import(
        capsys,
        tmp_path,
        f"{IMPORT_HEADER}\r\n"
        "Fay Pretend,fay@example.org,,Example Gazette; Invented Radio,courts,North East,"
        "phone,no,\r\n"
        "Ana Again,ana@example.org,,Example Gazette,,,,,\r\n",
    )
    assert code == 0, report
    assert (report["created"], report["unchanged"]) == (1, 1)
    fay = Person.objects.get(full_name="Fay Pretend")
    assert sorted(r.outlet.name for r in fay.journalist_roles.all()) == [
        "Example Gazette",
        "Invented Radio",
    ]
    assert fay.journalist_profile.preferred_contact == "phone"
    assert fay.journalist_profile.region == directory["north_east"]
    assert not Person.objects.filter(full_name="Ana Again").exists()


def test_an_import_with_a_bad_row_imports_nothing_and_exits_1(capsys, tmp_path, directory):
    before = Person.objects.count()
    code, report = _import(
        capsys,
        tmp_path,
        f"{IMPORT_HEADER}\r\n"
        "Gil Pretend,gil@example.org,,Example Gazette,,,,,\r\n"
        "Hal Pretend,hal@example.org,,Exampel Gazette,,,,yes,\r\n",
    )
    assert code == 1
    by_place = {(e["row"], e["column"]): e["error"] for e in report["errors"]}
    assert set(by_place) == {(3, "outlet"), (3, "do not contact reason")}
    assert "Did you mean ‘Example Gazette’?" in by_place[(3, "outlet")]
    assert Person.objects.count() == before


def test_the_request_form_adds_a_new_journalist_at_its_outlet(client_for, directory):
    outlet = OutletFactory(name="Example Evening News")
    data = {
        "outlet": outlet.pk,
        "new_journalist_name": "Ivy Invented",
        "new_journalist_email": "ivy@example.org",
        "received_on": "2024-03-01",
        "brief": "Someone who lived in a hotel for a year.",
        "format": "interview",
        "media_type": "broadcast",
        "identity_level_acceptable": "anonymous",
        "status": "open",
    }
    client = client_for(Role.MEDIA_OFFICER)
    response = client.post(reverse("media:request_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    request = JournalistRequest.objects.get()
    assert request.journalist.person.full_name == "Ivy Invented"
    assert request.journalist.person.email == "ivy@example.org"
    assert request.journalist.outlet == outlet
    assert JournalistProfile.objects.filter(person=request.journalist.person).exists()

    # Both a chosen journalist and a new one: refused, nothing created.
    data["journalist"] = request.journalist.pk
    data["new_journalist_name"] = "Jo Invented"
    response = client.post(reverse("media:request_create"), data)
    assert response.status_code == 200
    assert not Person.objects.filter(full_name="Jo Invented").exists()
    assert JournalistRequest.objects.count() == 1


def test_the_safeguarding_lead_logs_requests_but_cannot_add_journalists_inline(
    client_for, directory
):
    html = client_for(Role.SAFEGUARDING_LEAD).get(reverse("media:request_create")).content.decode()
    assert "new_journalist_name" not in html
    html = client_for(Role.MEDIA_OFFICER).get(reverse("media:request_create")).content.decode()
    assert "new_journalist_name" in html


def test_the_person_page_links_to_the_journalist_entry(client_for, directory):
    ana = directory["ana"]
    html = (
        client_for(Role.MEDIA_OFFICER)
        .get(reverse("people:person_detail", args=[ana.pk]))
        .content.decode()
    )
    assert reverse("media:journalist_detail", args=[ana.pk]) in html
    assert "Journalist: their entry in the journalists" in html
    dee = Person.objects.get(full_name="Dee Notajournalist")
    html = (
        client_for(Role.MEDIA_OFFICER)
        .get(reverse("people:person_detail", args=[dee.pk]))
        .content.decode()
    )
    assert "Journalist: their entry" not in html


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY])
def test_volunteers_and_read_only_cannot_open_the_directory(client_for, directory, role):
    client = client_for(role)
    for url in (
        LIST,
        reverse("media:journalist_export"),
        reverse("media:journalist_detail", args=[directory["ana"].pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert "/media/journalists/" not in client.get(reverse("media:placement_list")).content.decode()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DIGITAL_OFFICER, Role.SAFEGUARDING_LEAD])
def test_roles_that_only_view_cannot_add_or_edit(client_for, directory, role):
    client = client_for(role)
    assert client.get(LIST).status_code == 200
    assert client.get(reverse("media:journalist_create")).status_code == 403
    assert (
        client.post(
            reverse("media:journalist_edit", args=[directory["ana"].pk]), {"full_name": "X"}
        ).status_code
        == 403
    )
