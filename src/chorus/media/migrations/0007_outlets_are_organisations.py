"""Every outlet is media's extension of an organisation in `people`, and a consent's
exclusions no longer point into media.

1. An outlet without an organisation gets one: the organisation of that name when
   there is one no other outlet has, otherwise a new one (kind "media").
2. Databases made before voices stopped pointing at media keep the old tables
   voices_consent_excluded_outlets and voices_consent_excluded_segments (no longer in
   voices' migrations). Each excluded outlet becomes its organisation in the consent's
   `excluded_organisations`, each excluded segment its code in `excluded_audiences`;
   then the old tables are dropped. A database made since has neither table.

Going back keeps the organisations (they are contacts in their own right now) and the
consents' exclusions in their new form.
"""

from django.db import migrations


def _tables(schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _rows(schema_editor, sql):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def outlets_to_organisations(apps, schema_editor):
    Outlet = apps.get_model("media", "Outlet")
    Organisation = apps.get_model("people", "Organisation")
    taken = set(Outlet.objects.exclude(organisation=None).values_list("organisation_id", flat=True))
    for outlet in Outlet.objects.filter(organisation=None).order_by("pk"):
        organisation = (
            Organisation.objects.filter(name__iexact=outlet.name).exclude(pk__in=taken).first()
        )
        if organisation is None:
            organisation = Organisation.objects.create(name=outlet.name, kind="media")
        outlet.organisation = organisation
        outlet.save(update_fields=["organisation"])
        taken.add(organisation.pk)


def legacy_exclusions_to_codes(apps, schema_editor):
    Consent = apps.get_model("voices", "Consent")
    Outlet = apps.get_model("media", "Outlet")
    AudienceSegment = apps.get_model("media", "AudienceSegment")
    tables = _tables(schema_editor)
    qn = schema_editor.quote_name
    if schema_editor.connection.vendor == "postgresql" and tables & {
        "voices_consent_excluded_outlets",
        "voices_consent_excluded_segments",
    }:
        # Outlets were just given organisations: run their deferred checks before dropping.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    if "voices_consent_excluded_outlets" in tables:
        organisation_of = dict(Outlet.objects.values_list("pk", "organisation_id"))
        Link = Consent.excluded_organisations.through
        links = {
            (consent_id, organisation_of[outlet_id])
            for consent_id, outlet_id in _rows(
                schema_editor, "SELECT consent_id, outlet_id FROM voices_consent_excluded_outlets"
            )
        }
        Link.objects.bulk_create(
            [Link(consent_id=c, organisation_id=o) for c, o in sorted(links)],
            ignore_conflicts=True,
        )
        schema_editor.execute(f"DROP TABLE {qn('voices_consent_excluded_outlets')}")
    if "voices_consent_excluded_segments" in tables:
        code_of = dict(AudienceSegment.objects.values_list("pk", "slug"))
        codes: dict[int, set[str]] = {}
        for consent_id, segment_id in _rows(
            schema_editor,
            "SELECT consent_id, audiencesegment_id FROM voices_consent_excluded_segments",
        ):
            codes.setdefault(consent_id, set()).add(code_of[segment_id])
        for consent in Consent.objects.filter(pk__in=codes):
            consent.excluded_audiences = sorted(set(consent.excluded_audiences) | codes[consent.pk])
            consent.save(update_fields=["excluded_audiences"])
        schema_editor.execute(f"DROP TABLE {qn('voices_consent_excluded_segments')}")


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0006_placement_outside_voice"),
        ("people", "0001_initial"),
        ("voices", "0007_consent_exclusions_without_media"),
    ]

    operations = [
        migrations.RunPython(outlets_to_organisations, migrations.RunPython.noop),
        migrations.RunPython(legacy_exclusions_to_codes, migrations.RunPython.noop),
    ]
