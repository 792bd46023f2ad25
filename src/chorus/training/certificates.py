"""Certificates of attendance as PDF (WeasyPrint): one page per person who attended.

Only registrations marked attended get one. The name printed is the one they gave
(a pseudonym for someone registered by pseudonym). No image or stylesheet is fetched
from anywhere: the page is self-contained, so rendering reads nothing but the template.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone

from chorus.training.models import Registration


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError("Certificates fetch nothing.")


def certificate_pdf(registrations: Sequence[Registration]) -> bytes:
    """One PDF with a page per attendee. Refuses anyone who did not attend."""
    if not registrations:
        raise ValueError("No one to certify.")
    if any(r.status != Registration.Status.ATTENDED for r in registrations):
        raise PermissionDenied("Certificates are for people who attended.")
    pages = [
        {
            "name": registration.name or "Participant",
            "session": registration.session,
            "day": timezone.localtime(registration.session.starts_at),
            "reference": registration.reference,
        }
        for registration in registrations
    ]
    html = render_to_string("training/certificate.html", {"pages": pages})
    # Imported here: loading WeasyPrint parses its stylesheets and fonts (a second of
    # start-up), which only a certificate download should pay for.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def certificate_filename(registration: Registration | None = None, *, session_ref: str = "") -> str:
    if registration is not None:
        return f"certificate-{registration.session.reference}-{registration.reference}.pdf"
    return f"certificates-{session_ref}.pdf"
