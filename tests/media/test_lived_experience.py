"""A placement features lived experience when a storyteller is recorded as speaking in it,
or when it quotes someone with lived experience outside the network (with a note)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.impact.indicators import Period, get_indicator
from chorus.media.models import Placement
from chorus.media.selectors import placements_filter
from chorus.voices.models import StoryUse
from tests.factories import (
    ConsentFactory,
    OutletFactory,
    PlacementFactory,
    StorytellerFactory,
    record_use,
)

YEAR = Period.financial_year(2022)


def _spoke_in(placement: Placement, actor) -> StoryUse:
    profile = StorytellerFactory()
    ConsentFactory(storyteller=profile)
    return record_use(
        actor=actor,
        storyteller=profile,
        kind=StoryUse.Kind.PLACEMENT,
        placement=placement,
        media_type="online",
        identity_level="first_name",
    )


@pytest.mark.django_db
def test_a_storyteller_recorded_as_speaking_counts_without_any_box_ticked(users):
    outlet = OutletFactory()
    spoke = PlacementFactory(outlet=outlet, headline="Spoke")
    PlacementFactory(outlet=outlet, headline="Outside", outside_voice=True)
    both = PlacementFactory(outlet=outlet, headline="Both", outside_voice=True)
    PlacementFactory(outlet=outlet, headline="Neither")
    _spoke_in(spoke, users[Role.MEDIA_OFFICER])
    _spoke_in(both, users[Role.MEDIA_OFFICER])

    result = get_indicator("media.lived_experience_share").compute(YEAR)
    assert (result.numerator, result.denominator) == (3, 4)  # "Both" is counted once
    assert {p.headline for p in placements_filter(lived_experience=True)} == {
        "Spoke",
        "Outside",
        "Both",
    }
    assert [p.headline for p in placements_filter(lived_experience=False)] == ["Neither"]


@pytest.mark.django_db
def test_the_list_shows_a_placement_where_a_storyteller_spoke_as_lived_experience(
    client_for, users
):
    placement = PlacementFactory(headline="My first winter")
    _spoke_in(placement, users[Role.MEDIA_OFFICER])
    page = client_for(Role.MEDIA_OFFICER).get(reverse("media:placement_list"))
    assert [p.lived_experience for p in page.context["page_obj"]] == [True]


@pytest.mark.django_db
def test_quoting_someone_outside_the_network_needs_a_note(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    form = {
        "published_on": "2023-06-19",
        "url": "https://www.itv.com/news/2023-06-19/refugee-week",
        "outlet_name": "ITV News",
        "headline": "A night shelter volunteer speaks",
        "format": "interview",
        "quotes_outside_network": "on",
        "outside_voice_note": "  ",
        "is_humanising": "on",
    }
    response = client.post(reverse("media:placement_create"), form)
    assert response.status_code == 200
    assert "Say in a few words who with lived experience is quoted" in response.content.decode()
    assert not Placement.objects.exists()

    # Unticked, a note left behind is not kept.
    form.update(quotes_outside_network="", outside_voice_note="Someone")
    assert client.post(reverse("media:placement_create"), form).status_code == 302
    placement = Placement.objects.get()
    assert (placement.quotes_outside_network, placement.outside_voice_note) == (False, "")


@pytest.mark.django_db(transaction=True)
def test_checked_boxes_migrate_to_outside_voices_only_where_no_storyteller_spoke():
    before = [("media", "0005_blank_creators"), ("voices", "0006_story_use_generic_reference")]
    after = [("media", "0006_placement_outside_voice")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    outlet = apps.get_model("media", "Outlet").objects.create(
        name="The Northern Echo",
        segment=apps.get_model("media", "AudienceSegment").objects.get_or_create(
            slug="regional", defaults={"name": "Regional"}
        )[0],
    )
    make = apps.get_model("media", "Placement").objects.create
    day = datetime.date(2023, 3, 1)
    spoke = make(
        published_on=day,
        outlet=outlet,
        headline="Spoke",
        format="interview",
        features_lived_experience=True,
    )
    ticked = make(
        published_on=day,
        outlet=outlet,
        headline="Ticked",
        format="interview",
        features_lived_experience=True,
    )
    plain = make(published_on=day, outlet=outlet, headline="Plain", format="interview")
    person = apps.get_model("people", "Person").objects.create(full_name="Storyteller S-0001")
    profile = apps.get_model("voices", "StorytellerProfile").objects.create(
        person=person, reference="S-0001"
    )
    consent = apps.get_model("voices", "Consent").objects.create(
        storyteller=profile,
        given_on=day,
        how="written",
        media_types=["online"],
        identity_level="first_name",
    )
    apps.get_model("voices", "StoryUse").objects.create(
        storyteller=profile,
        kind="placement",
        object_id=spoke.pk,
        media_type="online",
        identity_level="first_name",
        consent=consent,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Placement = executor.loader.project_state(after).apps.get_model("media", "Placement")
    rows = {
        p.headline: (p.quotes_outside_network, p.outside_voice_note)
        for p in Placement.objects.all()
    }
    assert rows == {
        "Spoke": (False, ""),  # the recorded storyteller is the lived-experience voice
        "Ticked": (True, "migrated from checkbox"),
        "Plain": (False, ""),
    }

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    Placement = executor.loader.project_state(before).apps.get_model("media", "Placement")
    ticked_back = dict(Placement.objects.values_list("headline", "features_lived_experience"))
    assert ticked_back == {"Spoke": True, "Ticked": True, "Plain": False}
    assert {spoke.pk, ticked.pk, plain.pk} == set(Placement.objects.values_list("pk", flat=True))

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_uses_recorded_when_voices_pointed_at_media_keep_what_they_were_a_use_in():
    """A database made before: uses and check-ins carry media foreign keys (old columns)."""
    before = [("media", "0005_blank_creators"), ("voices", "0006_story_use_generic_reference")]
    after = [("media", "0006_placement_outside_voice")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    with connection.schema_editor() as editor:
        for table in ("voices_storyuse", "voices_wellbeingcheckin"):
            editor.execute(f"ALTER TABLE {table} ADD COLUMN placement_id integer NULL")
        editor.execute("ALTER TABLE voices_storyuse ADD COLUMN pitch_id integer NULL")
        editor.execute("CREATE INDEX old_use_placement ON voices_storyuse (placement_id)")
    outlet = apps.get_model("media", "Outlet").objects.create(
        name="The Northern Echo",
        segment=apps.get_model("media", "AudienceSegment").objects.get_or_create(
            slug="regional", defaults={"name": "Regional"}
        )[0],
    )
    day = datetime.date(2023, 3, 1)
    placement = apps.get_model("media", "Placement").objects.create(
        published_on=day, outlet=outlet, headline="Spoke", format="interview"
    )
    gone = apps.get_model("media", "Placement").objects.create(
        published_on=day, outlet=outlet, headline="Use removed since", format="interview"
    )
    pitch = apps.get_model("media", "Pitch").objects.create(title="A first winter")
    person = apps.get_model("people", "Person").objects.create(full_name="Storyteller S-0001")
    profile = apps.get_model("voices", "StorytellerProfile").objects.create(
        person=person, reference="S-0001"
    )
    consent = apps.get_model("voices", "Consent").objects.create(
        storyteller=profile,
        given_on=day,
        how="written",
        media_types=["online"],
        identity_level="first_name",
    )
    StoryUse = apps.get_model("voices", "StoryUse")
    CheckIn = apps.get_model("voices", "WellbeingCheckIn")
    common = {"storyteller": profile, "media_type": "online", "identity_level": "anonymous"}
    in_placement = StoryUse.objects.create(kind="placement", consent=consent, **common)
    in_pitch = StoryUse.objects.create(kind="pitch", consent=consent, **common)
    after_it = CheckIn.objects.create(storyteller=profile, kind="aftercare", held_on=day)
    after_gone = CheckIn.objects.create(
        storyteller=profile, kind="aftercare", held_on=day, notes="Felt fine"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE voices_storyuse SET placement_id = %s WHERE id = %s",
            [placement.pk, in_placement.pk],
        )
        cursor.execute(
            "UPDATE voices_storyuse SET pitch_id = %s WHERE id = %s", [pitch.pk, in_pitch.pk]
        )
        for check_in, target in ((after_it, placement), (after_gone, gone)):
            cursor.execute(
                "UPDATE voices_wellbeingcheckin SET placement_id = %s WHERE id = %s",
                [target.pk, check_in.pk],
            )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    uses = apps.get_model("voices", "StoryUse").objects
    assert uses.filter(pk=in_placement.pk).values("kind", "object_id", "used_on", "description")[
        0
    ] == {
        "kind": "placement",
        "object_id": placement.pk,
        "used_on": day,
        "description": outlet.name,
    }
    assert uses.filter(pk=in_pitch.pk).values("object_id", "description")[0] == {
        "object_id": pitch.pk,
        "description": "A first winter",
    }
    check_ins = apps.get_model("voices", "WellbeingCheckIn").objects
    assert check_ins.get(pk=after_it.pk).appearance_id == in_placement.pk
    kept = check_ins.get(pk=after_gone.pk)
    assert kept.appearance_id is None
    assert kept.notes == (
        "Felt fine\n\nAfter the placement “Use removed since” (The Northern Echo, 1 March 2023)."
    )
    with connection.cursor() as cursor:
        for table in ("voices_storyuse", "voices_wellbeingcheckin"):
            columns = connection.introspection.get_table_description(cursor, table)
            assert not {"placement_id", "pitch_id"} & {c.name for c in columns}

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
