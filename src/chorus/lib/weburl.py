"""Small helpers for the web addresses of outlets and placements."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The lower-case host of a URL without a leading 'www.', or '' if there is none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def domain_candidates(host: str) -> list[str]:
    """The host and each parent domain, most specific first: news.sky.com, sky.com."""
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]
