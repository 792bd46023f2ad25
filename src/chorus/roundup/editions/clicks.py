"""Clicks per story, counted through a first-party redirect that stores nothing about anyone.

A story's link in the round-up email points at Chorus's own address for that story
(`/news/go/<token>/`), which adds one to the story's count and sends the reader on to
the article. The address is the same for every subscriber: it names the story, never
the reader, so a click cannot be tied to a person. Nothing else is kept: no tracking
pixel, no per-subscriber log, no cookie, no address in a log line of ours. Mail
security scanners that follow links are counted too; the round-up's privacy notice
(`news:privacy`) says what is counted.

The token is signed, so counts cannot be raised for stories that were never sent by
guessing numbers, and the redirect only ever goes to the address stored for the story
(never to one given in the request).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.urls import reverse

from chorus.roundup.models import EditionItem

_SALT = "chorus.roundup.clicks"  # kept: links in mail already sent are signed with it


def click_url(item: EditionItem) -> str:
    """The full public address that counts a click on this story and redirects to it."""
    token = signing.Signer(salt=_SALT).sign(str(item.pk))
    return settings.CHORUS_PUBLIC_URL + reverse("roundup:click_follow", args=[token])


def item_for_token(token: str) -> EditionItem | None:
    """The story a click address names, or None when the address was not made by Chorus."""
    try:
        pk = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        EditionItem.objects.filter(pk=int(pk)).only("pk", "url").first() if pk.isdigit() else None
    )


def web_link(url: str) -> str:
    """The address when it is an http(s) web link, otherwise an empty string."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def item_click_record(*, item: EditionItem) -> None:
    """Add one to the story's count, in the database, whatever other clicks run at once."""
    EditionItem.objects.filter(pk=item.pk).update(clicks=F("clicks") + 1)
