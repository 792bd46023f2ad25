"""Store a class for each failed message, and take addresses out of stored replies.

Until now the ledger kept the mail server's raw reply ("550 5.1.1 <sam@…>: …"), and
volunteers, who may not see subscribers' addresses, read it on the send's page.
"""

from django.db import migrations, models

from chorus.lib.redact import redact_addresses
from chorus.roundup.delivery.errors import classify_stored

BATCH = 500


def redact_stored_replies(apps, schema_editor):
    recipient_model = apps.get_model("roundup", "Recipient")
    send_model = apps.get_model("roundup", "Send")
    rows = (
        recipient_model.objects.exclude(last_error="")
        .order_by("pk")
        .values_list("pk", "status", "email", "last_error")
    )
    for pk, status, address, reply in rows.iterator(chunk_size=BATCH):
        fields = {"last_error": redact_addresses(reply, address)[:500]}
        if status != "skipped":
            fields["error_class"] = classify_stored(reply) or ""
        recipient_model.objects.filter(pk=pk).update(**fields)
    for pk, reply in send_model.objects.exclude(last_error="").values_list("pk", "last_error"):
        send_model.objects.filter(pk=pk).update(last_error=redact_addresses(reply)[:500])


class Migration(migrations.Migration):
    dependencies = [
        ("roundup", "0003_edition_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="recipient",
            name="error_class",
            field=models.CharField(
                blank=True,
                choices=[
                    ("mailbox", "Mailbox unavailable"),
                    ("temporary", "Temporary failure"),
                    ("rejected", "Rejected"),
                    ("connection", "Connection"),
                    ("invalid", "Invalid address"),
                    ("interrupted", "Interrupted"),
                ],
                max_length=12,
            ),
        ),
        migrations.RunPython(redact_stored_replies, migrations.RunPython.noop),
    ]
