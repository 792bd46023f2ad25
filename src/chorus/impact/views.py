from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chorus.accounts.access import requires


@requires("dashboard", "view")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "impact/dashboard.html", {})
