"""Storyteller profiles: the list, the profile page, adding and editing, who sees what."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chorus.accounts.roles import Role
from chorus.lib import crypto
from chorus.people.models import Person
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.models import StorytellerLanguage, StorytellerProfile, Theme
from tests.factories import (
    ConsentFactory,
    RegionFactory,
    StorytellerFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("voices:storyteller_list")
CREATE = reverse("voices:storyteller_create")

LEGAL_NAME = "Invented Legalname Qwertyson"
MEDIA_NAME = "Pseudonymia"
ORIGIN = "Inventedstan"
SITUATION = "Awaiting an invented decision"
STORY = "An invented story note about a crossing"
CONTACT = "07700 900 123 (invented)"
SECRETS = (LEGAL_NAME, MEDIA_NAME, ORIGIN, SITUATION, STORY, CONTACT)

OUTSIDERS = [Role.VOLUNTEER, Role.READ_ONLY, Role.COORDINATOR]
INSIDERS = [Role.ADMIN, Role.SAFEGUARDING_LEAD, Role.MEDIA_OFFICER, Role.DIGITAL_OFFICER]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


@pytest.fixture
def profile():
    storyteller = StorytellerFactory(
        reference="S-0042",
        legal_name=LEGAL_NAME,
        media_name=MEDIA_NAME,
        name_in_media=StorytellerProfile.NameInMedia.PSEUDONYM,
        country_of_origin=ORIGIN,
        immigration_situation=SITUATION,
        story_notes=STORY,
        contact_details=CONTACT,
        region=RegionFactory(name="Stockton-on-Tees"),
        media_training_done=True,
        experience=StorytellerProfile.Experience.SOME,
        last_media_appearance=datetime.date(2023, 3, 1),
    )
    StorytellerLanguage.objects.create(storyteller=storyteller, language="Farsi", level="native")
    storyteller.themes.add(ThemeFactory(name="Channel crossing"))
    return storyteller


def _html(response) -> str:
    return response.content.decode()


def _absent(html: str, *values: str) -> None:
    for value in values:
        assert value not in html


def _profile_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name_in_media": "pseudonym",
        "media_name": MEDIA_NAME,
        "legal_name": LEGAL_NAME,
        "contact_details": CONTACT,
        "preferred_contact_route": "head_of_voices",
        "country_of_origin": ORIGIN,
        "immigration_situation": SITUATION,
        "region": "",
        "themes": [],
        "experience": "new",
        "is_available": "on",
        "availability_note": "Evenings",
        "last_media_appearance": "",
        "story_notes": STORY,
        "status": "active",
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "20",
        "languages-0-language": "farsi",
        "languages-0-level": "native",
        "languages-1-language": "English",
        "languages-1-level": "conversational",
        "languages-1-needs_interpreter": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Who may see what ---------------------------------------------------------------------


@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_answers_404_on_a_profile_to_roles_that_may_not_know_storytellers(
    client_for, profile, role
):
    client = client_for(role)
    for name in ("voices:storyteller_detail", "voices:storyteller_edit"):
        response = client.get(reverse(name, args=[profile.pk]))
        assert response.status_code == 404, name
        _absent(_html(response), profile.reference, *SECRETS)
    # The same answer whether or not the record exists: nothing to learn from it.
    assert client.get(reverse("voices:storyteller_detail", args=[99999])).status_code == 404


@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_refuses_the_list_to_roles_that_do_not_work_with_storytellers(client_for, profile, role):
    response = client_for(role).get(LIST)
    assert response.status_code == 403
    _absent(_html(response), profile.reference, *SECRETS)


def test_it_shows_the_media_officer_the_profile_without_sensitive_details(client_for, profile):
    response = client_for(Role.MEDIA_OFFICER).get(
        reverse("voices:storyteller_detail", args=[profile.pk])
    )
    assert response.status_code == 200
    html = _html(response)
    assert "Storyteller S-0042" in html
    assert "Pseudonym" in html and "Farsi" in html and "Channel crossing" in html
    assert "Stockton-on-Tees" in html
    _absent(html, *SECRETS)
    # Nor a way to edit, nor any sign of safeguarding.
    assert reverse("voices:storyteller_edit", args=[profile.pk]) not in html
    assert "Safeguarding" not in html


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.ADMIN])
def test_it_shows_the_safeguarding_lead_and_admin_every_detail(client_for, profile, role):
    html = _html(client_for(role).get(reverse("voices:storyteller_detail", args=[profile.pk])))
    for secret in SECRETS:
        assert secret in html
    assert reverse("voices:storyteller_edit", args=[profile.pk]) in html


@pytest.mark.parametrize("role", INSIDERS)
def test_it_audits_every_profile_read_without_sensitive_values(client_for, users, profile, role):
    client = client_for(role)
    url = reverse("voices:storyteller_detail", args=[profile.pk])
    client.get(url)
    client.get(url)
    reads = AuditEntry.objects.filter(
        action=AuditAction.VIEW,
        object_type="voices.storytellerprofile",
        object_id=str(profile.pk),
        actor=users[role],
    )
    assert reads.count() == 2
    entry = reads.first()
    assert entry.object_repr == "Storyteller S-0042"
    sensitive = role not in (Role.MEDIA_OFFICER, Role.DIGITAL_OFFICER)
    assert ("with sensitive details" in entry.note) is sensitive
    dumped = json.dumps(list(AuditEntry.objects.values()), default=str)
    _absent(dumped, *SECRETS)


def test_it_marks_storyteller_pages_no_store(client_for, profile):
    client = client_for(Role.SAFEGUARDING_LEAD)
    for url in (
        LIST,
        CREATE,
        reverse("voices:storyteller_detail", args=[profile.pk]),
        reverse("voices:storyteller_edit", args=[profile.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_it_renders_pages_without_inline_script_or_style(client_for, profile):
    client = client_for(Role.ADMIN)
    for url in (
        LIST,
        CREATE,
        reverse("voices:storyteller_detail", args=[profile.pk]),
        reverse("voices:storyteller_edit", args=[profile.pk]),
    ):
        html = _html(client.get(url))
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url


def test_it_keeps_sensitive_fields_encrypted_in_the_database(profile):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT legal_name, media_name, country_of_origin, immigration_situation, "
            "story_notes, contact_details FROM voices_storytellerprofile WHERE id = %s",
            [profile.pk],
        )
        row = cursor.fetchone()
    for stored, plain in zip(
        row, (LEGAL_NAME, MEDIA_NAME, ORIGIN, SITUATION, STORY, CONTACT), strict=True
    ):
        assert stored.startswith(crypto.PREFIX)
        assert plain not in stored


# --- The list ---------------------------------------------------------------------------


def test_it_lists_storytellers_with_media_names_only_for_those_who_may_see_them(
    client_for, profile
):
    media = _html(client_for(Role.MEDIA_OFFICER).get(LIST))
    assert "S-0042" in media and "Pseudonym" in media and "Farsi" in media
    assert "Channel crossing" in media and "Trained" in media and "1 Mar 2023" in media
    assert f'href="{reverse("voices:storyteller_detail", args=[profile.pk])}"' in media
    _absent(media, *SECRETS)

    lead = _html(client_for(Role.SAFEGUARDING_LEAD).get(LIST))
    assert MEDIA_NAME in lead
    _absent(lead, LEGAL_NAME, ORIGIN, SITUATION, STORY, CONTACT)


def test_it_audits_list_pages_that_show_media_names(client_for, users, profile):
    client_for(Role.MEDIA_OFFICER).get(LIST)
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()
    client_for(Role.SAFEGUARDING_LEAD).get(LIST)
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.actor == users[Role.SAFEGUARDING_LEAD]
    assert entry.shown == [str(profile.pk)]
    assert MEDIA_NAME not in entry.note + entry.object_repr


def test_a_list_page_writes_one_audit_row_that_a_search_for_each_record_finds(
    client_for, users, profile
):
    others = [StorytellerFactory() for _ in range(4)]
    client_for(Role.SAFEGUARDING_LEAD).get(LIST)
    views = AuditEntry.objects.filter(action=AuditAction.VIEW)
    assert views.count() == 1  # one row for the page, not one per storyteller
    [entry] = views
    assert sorted(entry.shown) == sorted(str(p.pk) for p in [profile, *others])
    assert entry.object_repr == "Storytellers (5 shown)"
    # The audit log, searched for one storyteller, finds the list that showed them.
    admin = client_for(Role.ADMIN)
    log = admin.get(
        reverse("privacy:audit_log"),
        {"object_type": "voices.storytellerprofile", "object_id": str(others[2].pk)},
    )
    assert [e.pk for e in log.context["page_obj"]] == [entry.pk]
    html = log.content.decode()
    # Record types are named in words, in the filter and in the rows.
    assert '<option value="voices.storytellerprofile" selected>Storyteller</option>' in html
    assert "<td>Storyteller<br>" in html


@pytest.fixture
def network():
    north = RegionFactory(name="North East")
    stockton = RegionFactory(name="Stockton", parent=north)
    carlisle = RegionFactory(name="Carlisle")
    detention = ThemeFactory(name="Detention")
    a = StorytellerFactory(reference="S-0001", region=stockton, media_training_done=True)
    b = StorytellerFactory(reference="S-0002", region=carlisle, is_available=False)
    c = StorytellerFactory(reference="S-0003", region=north, status="paused")
    d = StorytellerFactory(reference="S-0104", status="erased")
    StorytellerLanguage.objects.create(storyteller=a, language="Farsi")
    StorytellerLanguage.objects.create(storyteller=b, language="Tigrinya")
    StorytellerLanguage.objects.create(storyteller=c, language="Farsi")
    b.themes.add(detention)
    return {"a": a, "b": b, "c": c, "d": d, "north": north, "detention": detention}


def _refs(response) -> list[str]:
    return [p.reference for p in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["S-0001", "S-0002", "S-0003"]),
        ({"region": "north"}, ["S-0001", "S-0003"]),
        ({"language": "Farsi"}, ["S-0001", "S-0003"]),
        ({"theme": "detention"}, ["S-0002"]),
        ({"status": "paused"}, ["S-0003"]),
        ({"available": "no"}, ["S-0002"]),
        ({"training": "yes"}, ["S-0001"]),
        ({"q": "s-0002"}, ["S-0002"]),
        ({"q": "2"}, ["S-0002"]),
        ({"q": "104"}, []),  # erased storytellers are not listed
    ],
)
def test_it_filters_on_plain_fields(client_for, network, params, expected):
    params = {k: str(network[v].pk) if k in ("region", "theme") else v for k, v in params.items()}
    response = client_for(Role.MEDIA_OFFICER).get(LIST, params)
    assert response.status_code == 200
    assert _refs(response) == expected


def test_it_refuses_to_search_by_name_and_does_not_echo_it(client_for, network):
    response = client_for(Role.SAFEGUARDING_LEAD).get(LIST, {"q": "Amina Invented", "page": "1"})
    assert response.status_code == 200
    html = _html(response)
    assert "Amina" not in html
    assert "Search by reference only" in html
    assert _refs(response) == ["S-0001", "S-0002", "S-0003"]


def test_it_lists_a_page_in_a_fixed_number_of_queries_decrypting_only_that_page(
    client_for, django_assert_max_num_queries, monkeypatch
):
    theme = Theme.objects.first()
    region = RegionFactory(name="Tyneside", parent=RegionFactory(name="North East"))

    def add(count: int) -> None:
        for _ in range(count):
            storyteller = StorytellerFactory(region=region)
            StorytellerLanguage.objects.create(storyteller=storyteller, language="Arabic")
            StorytellerLanguage.objects.create(storyteller=storyteller, language="English")
            storyteller.themes.add(theme)

    client = client_for(Role.SAFEGUARDING_LEAD)
    add(3)
    with django_assert_max_num_queries(16) as few:
        client.get(LIST)
    add(57)
    decrypted: list[str] = []
    real_decrypt = crypto.decrypt

    def counting_decrypt(stored: str) -> str:
        decrypted.append(stored)
        return real_decrypt(stored)

    monkeypatch.setattr(crypto, "decrypt", counting_decrypt)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page_obj"]) == 50
    # Only the page's media names: no other encrypted field, no other row.
    assert len(decrypted) == 50

    decrypted.clear()
    response = client_for(Role.MEDIA_OFFICER).get(LIST, {"page": "2"})
    assert len(response.context["page_obj"]) == 10
    assert decrypted == []


# --- Adding and editing -----------------------------------------------------------------


def test_it_adds_a_storyteller_with_a_directory_entry_that_carries_only_the_reference(
    client_for,
):
    theme = ThemeFactory(name="Detention")
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        CREATE, _profile_form(themes=[theme.pk], status=None)
    )
    profile = StorytellerProfile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("voices:storyteller_detail", args=[profile.pk])
    assert profile.reference == "S-0001"
    assert profile.legal_name == LEGAL_NAME
    assert profile.person.full_name == "Storyteller S-0001"
    assert LEGAL_NAME not in profile.person.full_name
    assert not profile.person.email and not profile.person.phone
    assert list(profile.themes.all()) == [theme]
    languages = {
        (lang.language, lang.level, lang.needs_interpreter) for lang in profile.languages.all()
    }
    assert languages == {("Farsi", "native", False), ("English", "conversational", True)}
    # The audit log knows what was set, never the values of sensitive fields.
    create = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="voices.storytellerprofile"
    )
    assert create.changes["legal_name"] == "changed"
    assert create.changes["themes"] == {"from": None, "to": ["Detention"]}
    dumped = json.dumps(list(AuditEntry.objects.values()), default=str)
    _absent(dumped, *SECRETS)
    assert Person.objects.get().full_name == "Storyteller S-0001"


def test_it_numbers_new_storytellers_after_the_highest_reference(client_for):
    StorytellerFactory(reference="S-0009")
    StorytellerFactory(reference="S-0010", status="erased")
    StorytellerFactory(reference="Legacy-7")
    client_for(Role.ADMIN).post(CREATE, _profile_form(status=None))
    assert StorytellerProfile.objects.filter(reference="S-0011").exists()


def test_it_asks_for_the_media_name_of_a_pseudonymous_storyteller(client_for):
    response = client_for(Role.ADMIN).post(CREATE, _profile_form(media_name=""))
    assert response.status_code == 200
    assert "Give the first name or pseudonym" in _html(response)
    assert not StorytellerProfile.objects.exists()


def test_it_refuses_a_language_listed_twice(client_for):
    response = client_for(Role.ADMIN).post(
        CREATE, _profile_form(**{"languages-1-language": "FARSI"})
    )
    assert response.status_code == 200
    assert "listed twice" in _html(response)
    assert not StorytellerProfile.objects.exists()


def test_it_lets_only_storyteller_editors_add_one(client_for):
    assert client_for(Role.MEDIA_OFFICER).get(CREATE).status_code == 403
    assert client_for(Role.MEDIA_OFFICER).post(CREATE, _profile_form()).status_code == 403
    assert client_for(Role.VOLUNTEER).get(CREATE).status_code == 403
    assert not StorytellerProfile.objects.exists()


def test_it_edits_a_profile_and_its_languages_with_one_audit_row(client_for, profile):
    url = reverse("voices:storyteller_edit", args=[profile.pk])
    form = _html(client_for(Role.SAFEGUARDING_LEAD).get(url))
    assert LEGAL_NAME in form and 'autocomplete="off"' in form
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        url,
        _profile_form(
            legal_name="Another Invented Name",
            status="paused",
            **{
                "languages-INITIAL_FORMS": "1",
                "languages-0-language": "Farsi",
                "languages-0-level": "native",
                "languages-1-language": "Dari",
                "languages-1-level": "fluent",
                "languages-1-needs_interpreter": None,
            },
        ),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.legal_name == "Another Invented Name"
    assert profile.status == "paused"
    assert sorted(lang.language for lang in profile.languages.all()) == ["Dari", "Farsi"]
    update = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert update.changes["legal_name"] == "changed"
    assert update.changes["status"] == {"from": "active", "to": "paused"}
    assert update.changes["languages"]["to"] == ["Dari (Fluent)", "Farsi (First language)"]
    assert update.changes["themes"] == {"from": ["Channel crossing"], "to": []}
    dumped = json.dumps(list(AuditEntry.objects.values()), default=str)
    _absent(dumped, "Another Invented Name", *SECRETS)


def test_it_does_not_offer_erasure_as_an_edit(client_for, profile):
    url = reverse("voices:storyteller_edit", args=[profile.pk])
    response = client_for(Role.ADMIN).post(url, _profile_form(status="erased"))
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.status == "active"


def test_it_lets_the_media_officer_see_but_not_edit(client_for, profile):
    url = reverse("voices:storyteller_edit", args=[profile.pk])
    assert client_for(Role.MEDIA_OFFICER).get(url).status_code == 403
    assert client_for(Role.MEDIA_OFFICER).post(url, _profile_form()).status_code == 403


def test_it_summarises_consents_on_the_profile(client_for, profile):
    ConsentFactory(storyteller=profile)
    ConsentFactory(storyteller=profile, withdrawn_on=datetime.date(2022, 5, 1))
    html = _html(
        client_for(Role.MEDIA_OFFICER).get(reverse("voices:storyteller_detail", args=[profile.pk]))
    )
    assert "1 in force" in html and "1 withdrawn" in html
    assert "Print, Online" in html


def test_it_hides_every_page_about_one_storyteller_or_a_concern_behind_404():
    resolver = next(
        entry
        for entry in get_resolver().url_patterns
        if getattr(entry, "namespace", None) == "voices"
    )
    for route, pattern in _flattened(resolver):
        about_one = route.startswith("<int:pk>/") or route.startswith("safeguarding/")
        hidden = getattr(pattern.callback, "chorus_not_found_unless", None)
        if about_one:
            expected = "safeguarding" if "safeguarding" in route else "storytellers"
            assert hidden == expected, pattern.name
        # The rule @requires declares is still there for the URL walk.
        assert hasattr(pattern.callback, "chorus_access"), pattern.name


def _flattened(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _flattened(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def test_it_sends_anonymous_visitors_to_sign_in_rather_than_404(client, profile):
    response = client.get(reverse("voices:storyteller_detail", args=[profile.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
