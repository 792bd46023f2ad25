from django.db import migrations

THEMES = [
    "Asylum process",
    "Channel crossing",
    "Detention",
    "Asylum hotels and housing",
    "Family separation",
    "Domestic work",
    "Statelessness",
    "Work and skills",
    "Destitution",
    "Resettlement and safe routes",
    "Education",
    "Health and mental health",
    "Faith and community",
    "Hate and hostility",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("voices", "Theme")
    for position, name in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("voices", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
