from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chorus.accounts.access import requires


@requires("consent", "view")
def withdrawals(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})
