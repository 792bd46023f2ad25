"""Load the demo's research (records in `data`) through research's services.

Called by `chorus.demo.loader.load` inside its transaction, after the media desk's
placements and the social posts, because a toolkit's message line links to the demo
placement and the Human Journeys post that used it. Idempotent: nothing is added when a
study is there.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from chorus.demo.research import data
from chorus.media.models import Placement
from chorus.people.models import Organisation
from chorus.research import services
from chorus.research.models import Finding, Result, Study, Toolkit, Variant
from chorus.social.models import Post


def _document(title: str, kind: str) -> io.BytesIO:
    if kind == "pdf":
        return io.BytesIO(f"%PDF-1.4\n% {title} (demo document)\n%%EOF\n".encode("ascii"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<document>{title}</document>")
    buffer.seek(0)
    return buffer


def _coverage(since: datetime.date | None) -> dict[str, list[Any]]:
    """The first demo placement and Human Journeys post published on or after `since`."""
    if since is None:
        return {}
    placement = Placement.objects.filter(published_on__gte=since).order_by("published_on", "pk")
    post = Post.objects.filter(
        account__handle=data.SOCIAL_HANDLE, published_at__date__gte=since
    ).order_by("published_at", "pk")
    return {"placements": list(placement[:1]), "posts": list(post[:1])}


def load_research(*, users: dict[str, Any], summary: Any) -> None:
    if Study.objects.exists():
        summary.add("Research studies", False, Study.objects.count())
        return
    actor = users.get("digital") or next(iter(users.values()))
    partner = Organisation.objects.filter(name=data.PARTNER).first()
    studies: dict[str, Study] = {}
    for key, fields in data.STUDIES.items():
        fields = dict(fields)
        with_partner = fields.pop("with_partner")
        studies[key] = services.study_create(
            actor=actor, partner=partner if with_partner else None, **fields
        )
    variants: dict[tuple[str, str], Variant] = {}
    for study, label, frame, messenger, text in data.VARIANTS:
        variants[study, label] = services.variant_create(
            actor=actor,
            study=studies[study],
            label=label,
            frame=frame,
            messenger=messenger,
            text=text,
        )
    results: dict[str, Result] = {}
    for key, study, label, outcome, segment, effect, low, high, n, unit in data.RESULTS:
        results[key] = services.result_create(
            actor=actor,
            study=studies[study],
            variant=variants[study, label],
            outcome=outcome,
            segment=segment,
            effect=effect,
            interval_low=low,
            interval_high=high,
            n=n,
            unit=unit,
        )
    findings: dict[str, Finding] = {}
    for key, (title, statement, review_by, evidence) in data.FINDINGS.items():
        findings[key] = services.finding_create(
            actor=actor,
            title=title,
            statement=statement,
            review_by=review_by,
            evidence=[results[r] for r in evidence],
        )
    for study, finding, text, context, consented in data.QUOTES:
        services.quote_create(
            actor=actor,
            study=studies[study],
            finding=findings[finding],
            text=text,
            context=context,
            consent_given=True,
            consent_recorded_on=consented,
        )
    toolkits: dict[str, Toolkit] = {}
    for slug, (title, about, based_on, (name, kind), published_on) in data.TOOLKITS.items():
        toolkit = toolkits[slug] = services.toolkit_create(
            actor=actor,
            title=title,
            slug=slug,
            summary=about,
            studies=[studies[s] for s in based_on],
        )
        version = services.toolkit_version_upload(
            actor=actor, toolkit=toolkit, name=name, content=_document(title, kind)
        )
        services.toolkit_version_publish(actor=actor, version=version, published_on=published_on)
    for slug, finding, text, since in data.LINES:
        services.message_line_create(
            actor=actor,
            toolkit=toolkits[slug],
            text=text,
            finding=findings[finding],
            **_coverage(since),
        )
    summary.add("Research studies", True, Study.objects.count())
    summary.add("Toolkits", True, Toolkit.objects.count())
