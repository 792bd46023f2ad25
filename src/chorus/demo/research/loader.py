"""Demo research: the safe-routes focus groups and the Destitution Narrative workshops.

Reproduces the seed's figures for 2022-07-01..2023-06-30: two studies ran (the
safe-routes focus groups in two constituencies are one study; the Destitution
Narrative workshops began in November 2022 and ran for 18 months) and one toolkit was
published (safe routes; the Destitution Narrative toolkit follows in 2024). Results,
participants' words and the documents are invented.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

from chorus.people.models import Organisation
from chorus.research import services
from chorus.research.models import Method, Study, Toolkit

D = datetime.date


def _pdf(title: str) -> io.BytesIO:
    body = f"%PDF-1.4\n% {title} (demo document)\n%%EOF\n"
    return io.BytesIO(body.encode("ascii"))


def _docx(title: str) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<document>{title}</document>")
    buffer.seek(0)
    return buffer


def load_research(*, today: datetime.date, users: dict[str, Any], summary: Any) -> None:
    if Study.objects.exists():
        summary.add("Research studies", False, Study.objects.count())
        return
    actor = users.get("digital") or next(iter(users.values()))
    partner = Organisation.objects.filter(name="More in Common").first()
    safe = services.study_create(
        actor=actor,
        title="Safe routes focus groups",
        method=Method.FOCUS_GROUP,
        partner=partner,
        question="Do you know what safe routes are?",
        started_on=D(2022, 10, 11),
        ended_on=D(2022, 10, 13),
        places="Stoke-on-Trent Central, Bolton North East",
        sample_size=16,
        segment_scheme="British Seven",
        segment_scheme_version="2020",
    )
    fair = services.variant_create(
        actor=actor,
        study=safe,
        label="A",
        frame="Fairness and order",
        messenger="A former soldier",
        text="Safe routes mean people can apply from where they are, so the system is fair "
        "and orderly.",
    )
    services.variant_create(
        actor=actor,
        study=safe,
        label="B",
        frame="Compassion",
        messenger="A refugee who came through a family scheme",
        text="Nobody should have to risk their life in a small boat to reach safety.",
    )
    result = services.result_create(
        actor=actor,
        study=safe,
        variant=fair,
        outcome="Support for more safe routes",
        segment="Mixed middle",
        effect=Decimal("12.00"),
        interval_low=Decimal("3.00"),
        interval_high=Decimal("21.00"),
        n=16,
        unit="points",
    )
    finding = services.finding_create(
        actor=actor,
        title="Order lands with the mixed middle",
        statement="Framing safe routes as fair and orderly moved the mixed middle more than "
        "compassion alone (small groups: treat as a direction, not a size).",
        review_by=D(2024, 10, 1),
        evidence=[result],
    )
    services.quote_create(
        actor=actor,
        study=safe,
        finding=finding,
        text="I'd never heard the phrase, but if it means people don't drown, I'm for it.",
        context="a participant in a Midlands focus group",
        consent_given=True,
        consent_recorded_on=D(2022, 10, 11),
    )
    destitution = services.study_create(
        actor=actor,
        title="Destitution Narrative workshops",
        method=Method.WORKSHOP,
        started_on=D(2022, 11, 1),
        ended_on=D(2024, 4, 30),
        places="Manchester, Glasgow, London",
        sample_size=60,
    )
    safe_kit = services.toolkit_create(
        actor=actor,
        title="Safe routes messaging toolkit",
        slug="safe-routes",
        summary="Tested messages on safe routes that land with the mixed middle.",
        studies=[safe],
    )
    services.message_line_create(
        actor=actor,
        toolkit=safe_kit,
        text="Safe routes let people apply from where they are: fair and orderly.",
        finding=finding,
    )
    version = services.toolkit_version_upload(
        actor=actor, toolkit=safe_kit, name="safe-routes-toolkit.pdf", content=_pdf("Safe routes")
    )
    services.toolkit_version_publish(actor=actor, version=version, published_on=D(2023, 3, 20))
    destitution_kit = services.toolkit_create(
        actor=actor,
        title="Destitution Narrative toolkit",
        slug="destitution-narrative",
        summary="Messages on destitution from 18 months of workshops and focus groups.",
        studies=[destitution],
    )
    later = services.toolkit_version_upload(
        actor=actor,
        toolkit=destitution_kit,
        name="destitution-narrative.docx",
        content=_docx("Destitution Narrative"),
    )
    services.toolkit_version_publish(actor=actor, version=later, published_on=D(2024, 6, 12))
    summary.add("Research studies", True, Study.objects.count())
    summary.add("Toolkits", True, Toolkit.objects.count())
