"""Staff pages about round-up subscribers: the list, one subscriber, adding by hand,
suppressions, the CSV export and import. Every write goes through the services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from chorus.accounts.access import requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.people.selectors import people_visible_to
from chorus.roundup.models import Recipient, Subscriber, Suppression
from chorus.roundup.subscribers import exports as subscriber_exports
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services
from chorus.roundup.subscribers.exports import subscribers_filtered
from chorus.roundup.subscribers.forms import (
    SubscriberAddForm,
    SubscriberFilterForm,
    SuppressionFilterForm,
    stored_sections,
)

SIGNUP_REASON = (
    "The round-up sign-up: it answers every address the same way, and mails only the "
    "address typed in, a few times a day at most."
)
LINK_REASON = (
    "Reached only with the long random secret from the subscriber's own email; the page "
    "shows nothing about anyone else."
)
# Sign-up attempts one network address may make in an hour (a whole office behind one
# address signing up after a talk stays well under it).
SIGNUPS_PER_IP_PER_HOUR = 20
# Sign-ups for one email address in an hour, from anywhere. Past it the visitor gets
# the usual answer and nothing is done, so the answer still says nothing about anyone.
SIGNUPS_PER_EMAIL_PER_HOUR = 5
_TOKEN_MAX = Subscriber._meta.get_field("token").max_length or 64
PER_PAGE = 50


@requires("subscribers", "view")
@require_GET
def subscriber_list(request: HttpRequest) -> HttpResponse:
    form = SubscriberFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    found = subscribers_filtered(q=data.get("q") or "", status=data.get("status") or "")
    page = paginate(request, found, PER_PAGE)
    export_query = querystring_without(request).rstrip("&")
    counts = subscriber_selectors.status_counts()
    return render(
        request,
        "roundup/subscribers/list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "counts": [
                {"value": value, "label": label, "count": counts[value]}
                for value, label in Subscriber.Status.choices
            ],
            "total": sum(counts.values()),
            "export_url": reverse("roundup:subscriber_export")
            + (f"?{export_query}" if export_query else ""),
        },
    )


@requires("subscribers", "view")
@require_GET
def subscriber_export(request: HttpRequest) -> HttpResponse:
    """The subscribers shown by the list's filters, as CSV, each with their consent."""
    form = SubscriberFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    q, status = (data.get("q") or "").strip(), data.get("status") or ""
    found = subscribers_filtered(q=q, status=status)
    described = "; ".join(
        part
        for part in (f"search: {q}" if q else "", f"status: {status}" if status else "")
        if part
    )
    lines = list(subscriber_exports.subscribers_csv_lines(found))
    subscriber_exports.subscribers_export_record(
        actor=request.user, filters=described, row_count=len(lines) - 1
    )
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="round-up-subscribers.csv"'
    add_never_cache_headers(response)  # a list of people: never kept by a cache
    return response


@requires("subscribers", "view")
@require_GET
def subscriber_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber.objects.select_related("person"), pk=pk)
    return render(
        request,
        "roundup/subscribers/detail.html",
        {
            "subscriber": subscriber,
            # A storyteller's directory entry is named only to roles that may know of them.
            "person": people_visible_to(request.user).filter(pk=subscriber.person_id).first()
            if subscriber.person_id
            else None,
            "consents": list(subscriber.consents.order_by("-given_at", "-pk")),
            "suppression": subscriber_selectors.suppression_for(subscriber.email),
            "deliveries": subscriber.deliveries.filter(status=Recipient.Status.SENT).count(),
            "can_unsubscribe": subscriber.status
            in (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED),
        },
    )


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@requires("subscribers", "change")
@require_http_methods(["GET", "POST"])
def subscriber_create(request: HttpRequest) -> HttpResponse:
    form = SubscriberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        given_on = data["given_on"]
        try:
            subscriber = subscriber_services.subscriber_add(
                actor=request.user,
                email=data["email"],
                name=data["name"],
                organisation=data["organisation"],
                sections=stored_sections(data["sections"]),
                frequency=data["frequency"],
                method=data["method"],
                wording=data["wording"],
                given_at=timezone.now() if given_on == timezone.localdate() else _noon(given_on),
            )
        except subscriber_services.SubscriberError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, f"Added {subscriber.email}: they receive the round-up now.")
            return redirect("roundup:subscriber_detail", pk=subscriber.pk)
    return render(request, "roundup/subscribers/add.html", {"form": form})


@requires("subscribers", "change")
@require_http_methods(["GET", "POST"])
def subscriber_unsubscribe(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber, pk=pk)
    if request.method == "POST":
        if subscriber_services.subscriber_unsubscribe(
            subscriber=subscriber, how="staff", actor=request.user
        ):
            messages.success(request, f"{subscriber.email} is unsubscribed.")
        else:
            messages.info(request, f"{subscriber.email} was not subscribed; nothing changed.")
        return redirect("roundup:subscriber_detail", pk=pk)
    return render(request, "roundup/subscribers/unsubscribe.html", {"subscriber": subscriber})


@requires("subscribers", "view")
@require_GET
def suppression_list(request: HttpRequest) -> HttpResponse:
    form = SuppressionFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    found = Suppression.objects.order_by("-created_at", "-pk")
    q = (data.get("q") or "").strip()
    if q:
        found = found.filter(email__icontains=q)
    if data.get("reason"):
        found = found.filter(reason=data["reason"])
    page = paginate(request, found, PER_PAGE)
    return render(
        request,
        "roundup/subscribers/suppression_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
        },
    )
