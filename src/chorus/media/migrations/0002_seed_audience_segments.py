from django.db import migrations

SEGMENTS = [
    (
        "mixed-middle",
        "Mixed middle",
        "Mainly the roughly half of the public who are neither for nor against migration.",
        10,
    ),
    (
        "already-supportive",
        "Already supportive",
        "Mainly people already in favour of migration and refugees.",
        20,
    ),
    ("hostile-leaning", "Hostile-leaning", "Mainly people opposed to migration.", 30),
    ("specialist", "Specialist", "Trade, sector or academic audiences.", 40),
    ("unknown", "Unknown", "Not yet reviewed.", 90),
]


def seed(apps, schema_editor):
    AudienceSegment = apps.get_model("media", "AudienceSegment")
    for slug, name, description, position in SEGMENTS:
        AudienceSegment.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("media", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
