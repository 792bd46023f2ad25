"""Remove what was typed as an unknown username from earlier failed sign-in rows.

Until now a failed sign-in kept whatever was typed in the username box, and people
sometimes type their password there. Rows naming an account that exists keep it;
the others say "(unknown username)", as new rows do.
"""

from typing import Any

from django.db import migrations

PREFIX = "username tried: "
UNKNOWN = "(unknown username)"


def scrub(apps: Any, schema_editor: Any) -> None:
    AuditEntry = apps.get_model("privacy", "AuditEntry")
    User = apps.get_model("accounts", "User")
    usernames = {name.lower() for name in User.objects.values_list("username", flat=True)}
    rows = AuditEntry.objects.filter(action="login_failed").exclude(note=PREFIX + UNKNOWN)
    for entry in rows.only("pk", "note").iterator():
        tried = entry.note.removeprefix(PREFIX).strip()
        if not tried or tried.lower() not in usernames:
            AuditEntry.objects.filter(pk=entry.pk).update(note=PREFIX + UNKNOWN)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("privacy", "0002_retentiondecision"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop, elidable=True)]
