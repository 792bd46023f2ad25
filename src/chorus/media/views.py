from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chorus.accounts.access import requires


@requires("placements", "view")
def placement_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


@requires("outlets", "view")
def outlet_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


@requires("campaigns", "view")
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})
