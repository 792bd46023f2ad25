"""The "journalists" import kind: a contact list of journalists from a spreadsheet.

Registered with lib's import framework (`chorus.lib.imports`) from MediaConfig.ready(),
as "placements" is. Outlets and regions must already be in Chorus: a misspelt outlet
would otherwise start a new one and split its history, so an unknown name is refused
with the closest match. Someone already in the directory (same email, or same name at
the same outlet) is left out, not doubled.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.urls import reverse

from chorus.lib.imports.reading import ImportCheck, ImportRow, folded, parse_yes_no
from chorus.lib.imports.registry import ApplyResult, ImportField, ImportKind
from chorus.media.journalists.services import journalist_create
from chorus.media.models import Journalist, JournalistProfile, Outlet, PreferredContact
from chorus.media.selectors import outlets_by_folded_name
from chorus.people.models import Person, Region

_NAME_MAX = Person._meta.get_field("full_name").max_length or 200
_PHONE_MAX = Person._meta.get_field("phone").max_length or 40
_BEATS_MAX = Journalist._meta.get_field("beats").max_length or 300
_REASON_MAX = JournalistProfile._meta.get_field("do_not_contact_reason").max_length or 300

_CONTACTS: dict[str, str] = {}
for _value, _label in PreferredContact.choices:
    _CONTACTS[folded(_value)] = _value
    _CONTACTS[folded(str(_label))] = _value
_CONTACTS[folded("social")] = PreferredContact.SOCIAL
_CONTACTS[folded("desk")] = PreferredContact.DESK
_CONTACT_LABELS = ", ".join(str(label) for _, label in PreferredContact.choices)

FIELDS = (
    ImportField("name", "The journalist's full name.", required=True),
    ImportField("email", "Their email address."),
    ImportField("phone", "Their phone number."),
    ImportField(
        "outlet",
        "The outlet they write or broadcast for, as named on the Outlets page. Several are "
        "separated by semicolons. An outlet Chorus does not know is refused: add it first.",
        required=True,
        aliases=("outlets",),
    ),
    ImportField("beats", "Their beat or topics, separated by commas.", aliases=("beat", "topics")),
    ImportField("region", "A region already in Chorus, e.g. North East."),
    ImportField("preferred contact", f"One of: {_CONTACT_LABELS}."),
    ImportField("do not contact", "yes or no. Empty means no."),
    ImportField("do not contact reason", "Why not: needed when “do not contact” is yes."),
)


@dataclass
class JournalistRow(ImportRow):
    full_name: str = ""
    email: str = ""
    phone: str = ""
    outlet_names: list[str] = field(default_factory=list)
    beats: str = ""
    region_name: str = ""
    preferred_contact: str = ""
    do_not_contact: bool = False
    do_not_contact_reason: str = ""
    # Filled in by the database check.
    outlets: list[Outlet] = field(default_factory=list)
    region: Region | None = None


def parse_row(row: JournalistRow, state: dict[str, Any]) -> None:
    row.full_name = " ".join(row.cell("name").split())
    if not row.full_name:
        row.problem("name", "empty. Write the journalist’s full name.")
    elif len(row.full_name) > _NAME_MAX:
        row.problem("name", f"longer than {_NAME_MAX} characters.")

    row.email = row.cell("email")
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problem("email", f"‘{row.email}’ is not an email address.")
        else:
            first_by_email: dict[str, int] = state.setdefault("first_by_email", {})
            key = row.email.casefold()
            if key in first_by_email:
                row.problem(
                    "email",
                    f"the same address as row {first_by_email[key]}. List each journalist once, "
                    "with their outlets separated by semicolons.",
                )
            else:
                first_by_email[key] = row.row

    row.phone = row.cell("phone")
    if len(row.phone) > _PHONE_MAX:
        row.problem("phone", f"longer than {_PHONE_MAX} characters.")

    row.outlet_names = [name.strip() for name in row.cell("outlet").split(";") if name.strip()]
    if not row.outlet_names:
        row.problem("outlet", "empty. Write the outlet they work for.")

    row.beats = ", ".join(b.strip() for b in row.cell("beats").split(",") if b.strip())
    if len(row.beats) > _BEATS_MAX:
        row.problem("beats", f"longer than {_BEATS_MAX} characters.")

    row.region_name = row.cell("region")

    value = row.cell("preferred contact")
    if value:
        row.preferred_contact = _CONTACTS.get(folded(value), "")
        if not row.preferred_contact:
            row.problem(
                "preferred contact",
                f"‘{value}’ is not a way Chorus knows. Use one of: {_CONTACT_LABELS}.",
            )

    value = row.cell("do not contact")
    if value:
        answer = parse_yes_no(value)
        if answer is None:
            row.problem("do not contact", f"‘{value}’ is not yes or no. Use yes or no.")
        row.do_not_contact = bool(answer)
    row.do_not_contact_reason = row.cell("do not contact reason")
    if row.do_not_contact and not row.do_not_contact_reason:
        row.problem("do not contact reason", "empty. Say why they are not to be contacted.")
    elif len(row.do_not_contact_reason) > _REASON_MAX:
        row.problem("do not contact reason", f"longer than {_REASON_MAX} characters.")


def _unknown(what: str, name: str, known: dict[str, str], where: str) -> str:
    message = (
        f"‘{name}’ is not {what} in Chorus. Check the spelling, or add it on the {where} first."
    )
    close = difflib.get_close_matches(name.casefold(), list(known), n=1, cutoff=0.6)
    if close:
        message += f" Did you mean ‘{known[close[0]]}’?"
    return message


def check(check: ImportCheck) -> None:
    """Find each row's outlets and region; leave out people already in the directory."""
    outlets = outlets_by_folded_name()
    outlet_names = {key: outlet.name for key, outlet in outlets.items()}
    regions: dict[str, Region] = {}
    for region in Region.objects.select_related("parent").order_by("pk"):
        regions.setdefault(region.name.casefold(), region)
    region_names = {key: region.name for key, region in regions.items()}
    # The whole directory, not only what one viewer may see: a duplicate is a duplicate.
    directory = Person.objects.filter(
        Q(pk__in=Journalist.objects.values("person"))
        | Q(pk__in=JournalistProfile.objects.values("person"))
    )
    emails = {email.casefold() for email in directory.values_list("email", flat=True) if email}
    at_outlet = {
        (name.casefold(), outlet_id)
        for name, outlet_id in Journalist.objects.values_list("person__full_name", "outlet_id")
    }
    rows: list[JournalistRow] = check.rows
    for row in rows:
        for name in row.outlet_names:
            outlet = outlets.get(name.casefold())
            if outlet is None:
                row.problem("outlet", _unknown("an outlet", name, outlet_names, "Outlets page"))
            else:
                row.outlets.append(outlet)
        if row.region_name:
            row.region = regions.get(row.region_name.casefold())
            if row.region is None:
                row.problem(
                    "region", _unknown("a region", row.region_name, region_names, "People page")
                )
        if row.errors:
            continue
        if row.email and row.email.casefold() in emails:
            row.skip_reason = "Already in the journalists (same email)"
        elif any((row.full_name.casefold(), o.pk) in at_outlet for o in row.outlets):
            row.skip_reason = "Already in the journalists (same name at that outlet)"


def apply(*, actor: Any, check: ImportCheck, label: str) -> ApplyResult:
    """Add each row through `journalist_create` (the framework holds the transaction)."""
    created = 0
    for row in check.to_import:
        journalist_create(
            actor=actor,
            full_name=row.full_name,
            email=row.email,
            phone=row.phone,
            outlets=row.outlets,
            beats=row.beats,
            region=row.region,
            preferred_contact=row.preferred_contact,
            do_not_contact=row.do_not_contact,
            do_not_contact_reason=row.do_not_contact_reason,
        )
        created += 1
    return ApplyResult(created=created, unchanged=len(check.rows) - created)


KIND = ImportKind(
    name="journalists",
    singular="journalist",
    plural="journalists",
    title="Import journalists from a spreadsheet",
    fields=FIELDS,
    row_class=JournalistRow,
    parse_row=parse_row,
    check=check,
    apply=apply,
    area="journalists",
    url_name="media:journalist_import",
    back_url_name="media:journalist_list",
    preview=(
        ("Name", lambda row: row.full_name),
        ("Email", lambda row: row.email),
        ("Outlets", lambda row: "; ".join(row.outlet_names)),
        ("Beats", lambda row: row.beats),
        ("Region", lambda row: row.region.name if row.region else row.region_name),
        (
            "Preferred contact",
            lambda row: (
                str(PreferredContact(row.preferred_contact).label) if row.preferred_contact else ""
            ),
        ),
        (
            "Do not contact",
            lambda row: f"Yes: {row.do_not_contact_reason}" if row.do_not_contact else "No",
        ),
    ),
    done_links=lambda: [("See the journalists", reverse("media:journalist_list"))],
)
