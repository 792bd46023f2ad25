"""Normalising what feeds say: canonical URLs, plain-text titles, safe summaries, UTC dates.

Plain functions over strings: no I/O, no settings, no network (the language model ships
inside the py3langid package and is loaded once, on first use).

Safety contract, which the app and the emails rely on:

* `plain_text` returns text, never markup. It is safe only when escaped on output (Django's
  autoescape, or a text email); it must never be marked safe.
* `sanitise_html` returns a small, fixed subset of HTML (paragraphs, emphasis, lists,
  quotes, and http/https links): no scripts, styles, images, forms or event handlers, so a
  feed's summary can be shown in the app and in the email as it is.
"""

from __future__ import annotations

import calendar
import html
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import nh3

__all__ = [
    "canonical_url",
    "detect_language",
    "plain_text",
    "sanitise_html",
    "to_utc",
]

# --- Canonical URLs ------------------------------------------------------------------------

# Query parameters that only say where a click came from. Removing them makes one article
# one URL whichever newsletter, share button or campaign linked to it.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "ocid",
        "cmpid",
        "cmp",  # Guardian share links: ?CMP=share_btn_tw
        "intcmp",
        "icid",
        "xtor",  # Le Monde, Le Figaro, France Info
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "li_fat_id",
        "s_cid",
        "smid",  # New York Times share links
        "sr_share",
        "ito",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "__twitter_impression",
    }
)
TRACKING_PREFIXES = (
    "utm_",
    "itm_",
    "ns_",  # BBC (ns_mchannel, ns_source, ns_campaign, ns_linkname, ns_fee)
    "at_",  # BBC (at_medium, at_campaign, at_link_id, at_ptr_name, …)
    "wt.",  # Webtrends (WT.mc_id)
    "pk_",  # Matomo
    "mtm_",  # Matomo
    "hsa_",  # HubSpot ads
    "oly_",
    "vero_",
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """One spelling per article address: the key the round-up de-duplicates on.

    Lower-cases the scheme and host, drops the default port, the fragment, user name and
    password, and click-tracking parameters (utm_*, fbclid, gclid, BBC's at_* and ns_*,
    the Guardian's CMP, …), and sorts the remaining query parameters. The path keeps its
    case: on most servers /News and /news are different pages. Text that is not an
    http(s) address is returned stripped but otherwise unchanged.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal: urlsplit removed the brackets
        host = f"[{host}]"
    netloc = host
    if port is not None and str(port) != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and not _is_tracking(pair.split("=", 1)[0].replace("%5F", "_"))
    ]
    # Sorted as written (still percent-encoded), so nothing is decoded and re-encoded.
    query = "&".join(sorted(kept))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


# --- Text and HTML -------------------------------------------------------------------------

# Tags after which text runs on as a new word: "<p>One</p><p>Two</p>" reads "One Two".
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|blockquote|section|article|header|footer"
    r"|figure|figcaption|table|hr|dd|dt|pre)\b)",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")
_CLEAN_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "title"}


def plain_text(html_or_text: str) -> str:
    """Text for a headline or a preview: tags removed, entities decoded once, one line.

    `<script>` and `<style>` elements go with their content. "AT&amp;T" becomes "AT&T";
    "&amp;amp;" becomes "&amp;" (entities are decoded once only, so text about HTML keeps
    its meaning). The result is text to be escaped on output, never markup.
    """
    if not html_or_text:
        return ""
    text = html_or_text
    if "<" in text or "&" in text:
        text = _BLOCK_TAG.sub(" <", text)
        # html5ever parses the fragment as a browser would (unclosed tags, "<" in text);
        # with no tag allowed, the output is the text, entity-escaped once more.
        text = html.unescape(nh3.clean(text, tags=set(), clean_content_tags=_CLEAN_CONTENT))
    return _WHITESPACE.sub(" ", text).strip()


SUMMARY_TAGS = {"p", "br", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote"}


def sanitise_html(html_fragment: str, *, base_url: str | None = None) -> str:
    """A feed summary reduced to HTML that is safe in the app and in the email.

    Keeps only p, br, em, strong (and b, i), ul, ol, li, blockquote and links. Links keep
    only an http/https `href` and get `rel="noopener noreferrer"`; relative links are
    resolved against `base_url` when given and dropped otherwise (an email has no base).
    Everything else goes: scripts and styles with their content, images, iframes, forms,
    `style` and `on*` attributes, comments.
    """
    if not html_fragment:
        return ""

    def absolute(relative: str) -> str | None:
        if base_url is None:
            return None
        resolved = urljoin(base_url, relative)
        return resolved if resolved.lower().startswith(("http://", "https://")) else None

    return nh3.clean(
        html_fragment,
        tags=SUMMARY_TAGS,
        clean_content_tags=_CLEAN_CONTENT,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        url_relative=absolute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


# --- Language ------------------------------------------------------------------------------

MIN_LANGUAGE_LETTERS = 12
"""Below this many letters a guess is noise ("Calais" is French, English and German)."""
MIN_LANGUAGE_CONFIDENCE = 0.6
"""Set on invented headlines (tests/monitoring/pipeline/test_normalise.py): the wrong guesses
on short English headlines ("Refugee Week begins in Glasgow" → Dutch) scored below 0.6."""
ROUNDUP_LANGUAGES = (
    # The languages of the UK and European press, and of the largest refugee communities.
    # Choosing among 40 rather than 97 languages keeps short headlines from being read as
    # Galician or Occitan.
    "en cy ga fr de it es pt nl el pl uk ru ro bg cs sk hu hr sr sl sq lt lv et fi sv da no "
    "ca eu gl tr ar fa ps ur ku am so"
).split()
_identifier: Any = None
_identifier_lock = threading.Lock()


def _language_identifier() -> Any:
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            # Deferred: the language model is loaded once, by the first text that needs it.
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(
                MODEL_FILE, norm_probs=True, min_confidence=MIN_LANGUAGE_CONFIDENCE
            )
            identifier.set_languages(ROUNDUP_LANGUAGES)
            _identifier = identifier
        return _identifier


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when too short or unsure.

    Only `ROUNDUP_LANGUAGES` are considered. Give it the headline and the summary together:
    a headline alone is often too short to tell.
    """
    letters = sum(1 for c in text if c.isalpha())
    if letters < MIN_LANGUAGE_LETTERS:
        return "und"
    language, _confidence = _language_identifier().classify(text)
    return str(language) if language else "und"


# --- Dates ---------------------------------------------------------------------------------

# Zone names that appear in UK and European feeds and that email.utils does not know.
_ZONE_OFFSETS = {
    "BST": "+0100",
    "IST": "+0100",  # Irish Standard Time (summer), as Irish outlets use it
    "CET": "+0100",
    "CEST": "+0200",
    "MET": "+0100",
    "MEST": "+0200",
    "EET": "+0200",
    "EEST": "+0300",
    "WET": "+0000",
    "WEST": "+0100",
}
_ZONE_NAME = re.compile(r"\b(" + "|".join(_ZONE_OFFSETS) + r")\s*$")
_ISO_SPACE_ZONE = re.compile(r"\s+(?=[+-]\d{2}:?\d{2}$|Z$)")
_ISO_SHORT_ZONE = re.compile(r"([+-]\d{2})$")
_ISO_ZONE_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")


def _from_rfc822(value: str) -> datetime | None:
    value = _ZONE_NAME.sub(lambda m: _ZONE_OFFSETS[m.group(1)], value)
    parsed = parsedate_tz(value)
    if parsed is None:
        return None
    year, month, day, hour, minute, second, *_, offset = parsed
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    return moment - timedelta(seconds=offset or 0)


def _from_iso(value: str) -> datetime | None:
    value = _ISO_SPACE_ZONE.sub("", value.replace("z", "Z"))
    value = _ISO_SHORT_ZONE.sub(r"\1:00", value)
    value = _ISO_ZONE_NO_COLON.sub(r"\1:\2", value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_utc(value: object) -> datetime | None:
    """A moment as an aware UTC datetime, or None when it cannot be read.

    Accepts aware datetimes, naive datetimes (taken to be UTC, as feeds without a zone
    mostly are), `time.struct_time` (UTC, as feedparser gives them), and strings in
    RFC 822 ("Tue, 10 Jun 2025 14:03:00 BST") or ISO 8601 ("2025-06-10T14:03:00+01:00")
    form.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    if isinstance(value, time.struct_time):
        try:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
        except (OverflowError, ValueError, OSError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if text[:4].isdigit():
        return _from_iso(text) or _from_rfc822(text)
    return _from_rfc822(text) or _from_iso(text)
