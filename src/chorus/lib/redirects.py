"""Old addresses kept for bookmarks and open tabs: a permanent redirect to the new one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect


def moved_permanently(request: HttpRequest, location: str) -> HttpResponsePermanentRedirect:
    """Send the visitor on to `location` for good, keeping the query string.

    GET and HEAD get a 301. Anything else (a form posted from a tab opened before the
    move) gets a 308, which tells the browser to send the same method and body again.
    """
    query = request.META.get("QUERY_STRING", "")
    if query:
        location = f"{location}?{query}"
    response = HttpResponsePermanentRedirect(location)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308
    return response
