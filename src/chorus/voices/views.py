from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chorus.accounts.access import requires


@requires("storytellers", "view")
def storyteller_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})
