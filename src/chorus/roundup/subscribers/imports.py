"""The "subscribers" import kind: the subscriber list kept before Chorus, saved as CSV.

Registered with lib's import framework (`chorus.lib.imports`) from RoundupConfig.ready().
This module says what the columns mean and how to read one row (addresses, consent
basis, dates, sections, frequency, addresses repeated within the file), what the
database adds (addresses already subscribed or suppressed are left out and reported;
they are not errors, so the rest of the list can still come in), and how a checked
file is saved (through `subscribers.subscribers_create_imported`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from chorus.lib.imports.reading import (
    ImportCheck,
    ImportRow,
    check_file,
    folded,
    parse_date,
    read_file,
)
from chorus.lib.imports.registry import ApplyResult, ImportField, ImportKind
from chorus.monitoring.models import NewsRegion
from chorus.roundup.models import Subscriber, Suppression
from chorus.roundup.subscribers.services import ImportedSubscriber, subscribers_create_imported

MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024

_SECTION_SEPARATORS = re.compile(r"[;,/|+]")
_EMAIL_MAX = Subscriber._meta.get_field("email").max_length or 254
_NAME_MAX = Subscriber._meta.get_field("name").max_length or 200
_ORGANISATION_MAX = Subscriber._meta.get_field("organisation").max_length or 200
_BASIS_MAX = 200

_SECTIONS: dict[str, str] = {}
for _value, _label in NewsRegion.choices:
    _SECTIONS[folded(_value)] = _value
    _SECTIONS[folded(str(_label))] = _value
_SECTION_LABELS = ", ".join(str(label) for _, label in NewsRegion.choices)
_ALL_SECTIONS = frozenset(NewsRegion.values)

_FREQUENCIES: dict[str, str] = {
    "day": Subscriber.Frequency.DAILY,
    "week": Subscriber.Frequency.WEEKLY,
}
for _value, _label in Subscriber.Frequency.choices:
    _FREQUENCIES[folded(_value)] = _value
    _FREQUENCIES[folded(str(_label))] = _value

FIELDS = (
    ImportField(
        "email",
        "The subscriber's address. Each address once.",
        required=True,
        aliases=("e mail", "email address"),
    ),
    ImportField("name", "The subscriber's name."),
    ImportField("organisation", "Where they work.", aliases=("organization",)),
    ImportField(
        "consent basis",
        'How the person agreed, e.g. "signed up at the 2022 conference" or "old website '
        'form". Rows without one are refused: we cannot mail people without a basis.',
        required=True,
        aliases=("basis", "consent"),
    ),
    ImportField(
        "consented on",
        "The day they agreed: 2022-06-19 or 19/06/2022.",
        required=True,
        aliases=("consent date", "date"),
    ),
    ImportField(
        "sections",
        f"Any of {_SECTION_LABELS}, separated by semicolons. Empty means all of them.",
    ),
    ImportField("frequency", "daily or weekly. Empty means daily."),
)


@dataclass
class SubscriberRow(ImportRow):
    """One row of the old list: what it said and what it means."""

    email: str = ""
    name: str = ""
    organisation: str = ""
    basis: str = ""
    consented_on: datetime.date | None = None
    # Empty means every section, as on Subscriber.
    sections: list[str] = field(default_factory=list)
    frequency: str = Subscriber.Frequency.DAILY

    @property
    def consented_on_cell(self) -> str:
        return self.cell("consented on")

    @property
    def sections_label(self) -> str:
        if not self.sections:
            return "All sections"
        return ", ".join(NewsRegion(s).label for s in self.sections)

    @property
    def frequency_label(self) -> str:
        return Subscriber.Frequency(self.frequency).label


def parse_row(row: SubscriberRow, state: dict[str, Any]) -> None:
    cells = row.cells
    today = state.setdefault("today", timezone.localdate())

    row.email = cells.get("email", "")
    if not row.email:
        row.problem("email", "empty. Write the subscriber’s email address.")
    elif len(row.email) > _EMAIL_MAX:
        row.problem("email", f"longer than {_EMAIL_MAX} characters, so not a working address.")
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problem(
                "email",
                f"‘{row.email}’ is not an email address. Check for spaces, a missing @ "
                "or a missing part after the dot.",
            )

    row.name = cells.get("name", "")
    if len(row.name) > _NAME_MAX:
        row.problem("name", f"longer than {_NAME_MAX} characters. Shorten it.")
    row.organisation = cells.get("organisation", "")
    if len(row.organisation) > _ORGANISATION_MAX:
        row.problem("organisation", f"longer than {_ORGANISATION_MAX} characters. Shorten it.")

    # Without a basis there is no lawful ground to mail the person: an error, not a default.
    row.basis = cells.get("consent basis", "")
    if not row.basis:
        row.problem(
            "consent basis",
            "empty. Write how this person agreed to receive the round-up (for example "
            "‘signed up at the 2022 conference’). Chorus cannot mail anyone without one; "
            "delete the row if nobody knows.",
        )
    elif len(row.basis) > _BASIS_MAX:
        row.problem("consent basis", f"longer than {_BASIS_MAX} characters. Shorten it.")

    value = cells.get("consented on", "")
    if not value:
        row.problem(
            "consented on",
            "empty. Write the day this person agreed, as YYYY-MM-DD or DD/MM/YYYY.",
        )
    else:
        row.consented_on = parse_date(value)
        if row.consented_on is None:
            row.problem("consented on", f"‘{value}’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")
        elif row.consented_on > today:
            row.problem("consented on", f"‘{value}’ is in the future.")

    value = cells.get("sections", "")
    wanted: list[str] = []
    for part in _SECTION_SEPARATORS.split(value):
        if not part.strip():
            continue
        section = _SECTIONS.get(folded(part))
        if section is None:
            row.problem(
                "sections",
                f"‘{part.strip()}’ is not a section of the round-up. Use {_SECTION_LABELS}, "
                "separated by semicolons, or leave it empty for all of them.",
            )
        elif section not in wanted:
            wanted.append(section)
    # Every section named is the same as none named: both follow sections added later.
    row.sections = [] if set(wanted) == _ALL_SECTIONS else wanted

    value = cells.get("frequency", "")
    if value:
        frequency = _FREQUENCIES.get(folded(value))
        if frequency is None:
            row.problem("frequency", f"‘{value}’ is not daily or weekly. Use daily or weekly.")
        else:
            row.frequency = frequency

    key = row.email.casefold()
    first_by_email: dict[str, int] = state.setdefault("first_by_email", {})
    if key:
        if key in first_by_email:
            row.problem(
                "email",
                f"the same address as row {first_by_email[key]}. Each subscriber "
                "should appear once: keep the row with the right details.",
            )
        else:
            first_by_email[key] = row.row


def _known(model: type[Subscriber] | type[Suppression], emails: list[str]) -> dict[str, Any]:
    """Records of `model` for these addresses, by lower-cased address (chunked IN lists)."""
    found: dict[str, Any] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        records = model._default_manager.alias(email_lower=Lower("email")).filter(
            email_lower__in=chunk
        )
        for record in records:
            found[record.email.lower()] = record
    return found


def check(check: ImportCheck) -> None:
    """Mark rows whose address is already a subscriber, or suppressed. Reads only."""
    emails = sorted({row.email.lower() for row in check.rows if row.email and not row.errors})
    subscribers = _known(Subscriber, emails)
    suppressions = _known(Suppression, emails)
    for row in check.rows:
        if row.errors or not row.email:
            continue
        existing = subscribers.get(row.email.lower())
        suppression = suppressions.get(row.email.lower())
        if suppression is not None:
            row.skip_reason = (
                f"on the suppression list ({suppression.get_reason_display().lower()}), "
                "so it is not subscribed again"
            )
        elif existing is not None:
            row.skip_reason = (
                f"already on the list ({existing.get_status_display().lower()}), "
                "so it is left as it is"
            )
        if row.skip_reason:
            check.warn(row.row, "", f"‘{row.email}’ is {row.skip_reason}.")


def apply(*, actor: Any, check: ImportCheck, label: str) -> ApplyResult:
    """Subscribe the rows not left out (the framework holds the transaction)."""
    rows = [
        ImportedSubscriber(
            email=row.email,
            name=row.name,
            organisation=row.organisation,
            sections=row.sections,
            frequency=row.frequency,
            basis=row.basis,
            # Never None here: a row without its date is an error.
            consented_on=row.consented_on or timezone.localdate(),
        )
        for row in check.to_import
    ]
    subscribers_create_imported(actor=actor, rows=rows, source=label)
    left_out = len(check.rows) - len(rows)
    return ApplyResult(
        created=len(rows),
        unchanged=left_out,
        note=f"{left_out} left out (already on the list or suppressed)",
    )


def _date_cell(row: SubscriberRow) -> str:
    return f"{row.consented_on:%-d %b %Y}" if row.consented_on else row.consented_on_cell


KIND = ImportKind(
    name="subscribers",
    singular="subscriber",
    plural="subscribers",
    title="Import the existing subscriber list",
    intro=(
        "Imported subscribers receive the round-up from the next edition, without a "
        "confirmation email, so each row needs the basis on which the person agreed. "
        "Addresses already on the list, or on the suppression list, are left out and reported."
    ),
    fields=FIELDS,
    row_class=SubscriberRow,
    parse_row=parse_row,
    check=check,
    apply=apply,
    area="subscribers",
    url_name="roundup:subscriber_import",
    back_url_name="roundup:subscriber_list",
    preview=(
        ("Email", lambda row: row.email),
        ("Name", lambda row: row.name),
        ("Organisation", lambda row: row.organisation),
        ("Consent basis", lambda row: row.basis),
        ("Consented on", _date_cell),
        ("Sections", lambda row: row.sections_label),
        ("Frequency", lambda row: row.frequency_label),
    ),
    done_links=lambda: [("See the list", reverse("roundup:subscriber_list"))],
    max_rows=MAX_ROWS,
    max_bytes=MAX_BYTES,
    extra={"subnav": "roundup/subscribers/_subnav.html"},
)


def parse_subscribers_csv(data: bytes) -> ImportCheck:
    """Read a subscriber list into rows and problems. Touches no database."""
    return read_file(KIND, data)


def check_subscribers_csv(data: bytes) -> ImportCheck:
    """Everything `parse_subscribers_csv` checks, and then what the database knows."""
    return check_file(KIND, data)
