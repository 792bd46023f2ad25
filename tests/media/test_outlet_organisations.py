"""An outlet is media's extension of an organisation; consent excludes it through that."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chorus.media.services import outlet_create
from chorus.people.models import Organisation
from chorus.voices.consent import consent_covers
from chorus.voices.outlets import OutletFacts
from tests.factories import ConsentFactory, OrganisationFactory

D = datetime.date


@pytest.mark.django_db
def test_a_new_outlet_extends_an_organisation_of_its_name(users):
    made = outlet_create(actor=None, name="The Larkspur Gazette")
    assert made.organisation.name == "The Larkspur Gazette"
    assert made.organisation.kind == "media"
    known = OrganisationFactory(name="Teesside Today", kind="media")
    assert outlet_create(actor=None, name="teesside today").organisation == known


@pytest.mark.django_db
def test_the_judge_reads_the_outlet_as_plain_data():
    consent = ConsentFactory()
    grumble = OrganisationFactory(name="The Daily Grumble", kind="media")
    consent.excluded_organisations.add(grumble)
    consent.excluded_audiences = ["hostile-leaning"]
    consent.save()
    use = {"media_type": "online", "identity_level": "anonymous", "on": D(2023, 6, 1)}

    def judge(**facts):
        facts = {"organisation_id": None, "kind": "online", "segment": "", "name": "X", **facts}
        return consent_covers(storyteller=consent.storyteller, outlet=OutletFacts(**facts), **use)

    by_name = judge(organisation_id=grumble.pk, name="The Daily Grumble")
    assert by_name.reason == "The consent given on 10 January 2022 excludes The Daily Grumble."
    by_audience = judge(segment="hostile-leaning", segment_name="Hostile-leaning", name="Y")
    assert by_audience.reason == (
        "The consent given on 10 January 2022 excludes outlets whose audience is hostile-leaning."
    )
    assert judge(segment="mixed-middle", name="Z")


@pytest.mark.django_db(transaction=True)
def test_exclusions_made_when_consent_pointed_at_media_become_organisations_and_codes():
    """A database made before: consents exclude outlets and segments by media id."""
    before = [
        ("media", "0006_placement_outside_voice"),
        ("voices", "0007_consent_exclusions_without_media"),
    ]
    after = [("media", "0007_outlets_are_organisations")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Segment = apps.get_model("media", "AudienceSegment")
    hostile, _ = Segment.objects.get_or_create(
        slug="hostile-leaning", defaults={"name": "Hostile-leaning"}
    )
    regional, _ = Segment.objects.get_or_create(slug="regional", defaults={"name": "Regional"})
    Outlet = apps.get_model("media", "Outlet")
    Organisation_ = apps.get_model("people", "Organisation")
    named = Organisation_.objects.create(name="The Daily Grumble", kind="charity")
    grumble = Outlet.objects.create(name="The Daily Grumble", segment=hostile)
    echo = Outlet.objects.create(name="The Northern Echo", segment=regional)
    person = apps.get_model("people", "Person").objects.create(full_name="Storyteller S-0001")
    profile = apps.get_model("voices", "StorytellerProfile").objects.create(
        person=person, reference="S-0001"
    )
    consent = apps.get_model("voices", "Consent").objects.create(
        storyteller=profile,
        given_on=D(2023, 1, 1),
        how="written",
        media_types=["online"],
        identity_level="first_name",
    )
    with connection.schema_editor() as editor:
        editor.execute(
            "CREATE TABLE voices_consent_excluded_outlets "
            "(id integer PRIMARY KEY, consent_id integer NOT NULL, outlet_id integer NOT NULL)"
        )
        editor.execute(
            "CREATE TABLE voices_consent_excluded_segments (id integer PRIMARY KEY, "
            "consent_id integer NOT NULL, audiencesegment_id integer NOT NULL)"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO voices_consent_excluded_outlets (id, consent_id, outlet_id) "
            "VALUES (1, %s, %s), (2, %s, %s)",
            [consent.pk, grumble.pk, consent.pk, echo.pk],
        )
        cursor.execute(
            "INSERT INTO voices_consent_excluded_segments (id, consent_id, audiencesegment_id) "
            "VALUES (1, %s, %s)",
            [consent.pk, hostile.pk],
        )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    outlets = apps.get_model("media", "Outlet").objects
    assert outlets.get(pk=grumble.pk).organisation_id == named.pk  # the one of its name
    echo_org = outlets.get(pk=echo.pk).organisation
    assert (echo_org.name, echo_org.kind) == ("The Northern Echo", "media")
    migrated = apps.get_model("voices", "Consent").objects.get(pk=consent.pk)
    assert sorted(migrated.excluded_organisations.values_list("pk", flat=True)) == sorted(
        [named.pk, echo_org.pk]
    )
    assert migrated.excluded_audiences == ["hostile-leaning"]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert not {"voices_consent_excluded_outlets", "voices_consent_excluded_segments"} & tables
    assert Organisation.objects.filter(name="The Northern Echo").exists()

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
