from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chorus.accounts.access import requires


@requires("requests", "view")
def request_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


@requires("pitches", "view")
def pitch_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})
