"""Query strings for list pages: keep the user's filters when paging or sorting."""

from __future__ import annotations

from django.http import HttpRequest


def querystring_without(request: HttpRequest, *names: str) -> str:
    """The current query string without `names` and the page, ending in '&' if not empty.

    Templates append `page=N` (or a sort) to it, so links keep every other filter.
    """
    query = request.GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    return query.urlencode() + "&" if query else ""
