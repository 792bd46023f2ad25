"""What a news page says about itself: its title, headline, publication time, declared
language and, when it carries one, the publisher's own article text (JSON-LD
`articleBody`). Read from the page's meta tags, `<title>`, `<h1>` and JSON-LD.

Part of `chorus.monitoring.pipeline.extract`; never fetches anything.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from lxml.html import HtmlElement

__all__ = ["PageMeta", "page_metadata"]


@dataclass
class PageMeta:
    title: str
    h1: str
    og_title: str
    published: datetime | None
    declared_language: str
    article_body: str


_ARTICLE_TYPES = {"BlogPosting", "LiveBlogPosting", "Report", "SocialMediaPosting"}
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publish-date",
    "publish_date",
    "pubdate",
    "publishdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-:\u00b7\u2022]\s+")


def page_metadata(tree: HtmlElement) -> PageMeta:
    article = _json_ld_article(tree)
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in metas:
            metas[key] = content.strip()
        if (el.get("http-equiv") or "").lower() == "content-language" and content:
            metas.setdefault("content-language", content)

    h1 = ""
    for el in tree.iter("h1"):
        h1 = _squash(el.text_content())
        if h1:
            break
    og_title = _squash(metas.get("og:title", "") or metas.get("twitter:title", ""))
    html_title = ""
    for el in tree.iter("title"):
        html_title = _squash(el.text_content())
        break
    headline = _squash(_as_text(article.get("headline")) or _as_text(article.get("name")))
    title = headline or og_title or h1 or _strip_site_name(html_title)

    published = _parse_datetime(_as_text(article.get("datePublished")))
    for key in _PUBLISHED_META:
        if published is None and key in metas:
            published = _parse_datetime(metas[key])
    if published is None:
        for el in tree.iter("time"):
            published = _parse_datetime(el.get("datetime") or "")
            if published is not None:
                break

    declared = (
        _as_text(article.get("inLanguage"))
        or (tree.get("lang") or "")
        or metas.get("og:locale", "")
        or metas.get("content-language", "")
    )
    body = ""
    if article.get("isAccessibleForFree") not in (False, "False", "false"):
        body = _as_text(article.get("articleBody"))
    return PageMeta(
        title=title,
        h1=h1,
        og_title=og_title,
        published=published,
        declared_language=declared,
        article_body=body,
    )


def _json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """The page's schema.org article object (NewsArticle, BlogPosting, …), or {}."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        found = _find_article(data, depth=0)
        if found:
            return found
    return {}


def _find_article(data: Any, depth: int) -> dict[str, Any] | None:
    if depth > 4:
        return None
    if isinstance(data, list):
        for item in data:
            found = _find_article(item, depth + 1)
            if found:
                return found
        return None
    if not isinstance(data, dict):
        return None
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and (k.endswith("Article") or k in _ARTICLE_TYPES) for k in kinds):
        return data
    for key in ("@graph", "mainEntity", "mainEntityOfPage"):
        if key in data:
            found = _find_article(data[key], depth + 1)
            if found:
                return found
    return None


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return html_lib.unescape(value).strip()
    if isinstance(value, list) and value:
        return _as_text(value[0])
    if isinstance(value, dict):
        return _as_text(value.get("@value") or value.get("name") or "")
    return ""


def _strip_site_name(title: str) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    return max(parts, key=len).strip() if len(parts) > 1 else title


def _parse_datetime(value: str) -> datetime | None:
    """ISO 8601 or RFC 2822 to an aware UTC datetime; a time without a zone is taken as UTC."""
    value = value.strip()
    if not value or len(value) > 64:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        if not match:
            return None
        try:
            parsed = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    if not 1990 <= parsed.year or parsed > datetime.now(UTC) + timedelta(days=2):
        return None
    return parsed


def _squash(text: str) -> str:
    return " ".join(text.split())
