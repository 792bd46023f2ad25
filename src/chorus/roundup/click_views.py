"""The public redirect that counts clicks on stories, and the round-up's privacy notice."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from chorus.accounts.access import public
from chorus.roundup import clicks


@public(
    "The links in the round-up email: anyone who received it may follow them. The address "
    "names a story, not a reader, and only redirects to the address stored for that story."
)
@require_GET
def follow(request: HttpRequest, token: str) -> HttpResponse:
    item = clicks.item_for_token(token)
    target = clicks.web_link(item.url) if item is not None else ""
    if item is None or not target:
        raise Http404("No such story.")
    clicks.item_click_record(item=item)
    response = HttpResponseRedirect(target)
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)  # each follow is counted once, by us, not cached
    return response


@public("The round-up's privacy notice: what is kept about subscribers and what is counted.")
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "roundup/public/privacy.html")
