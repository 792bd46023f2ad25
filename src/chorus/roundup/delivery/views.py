"""Staff pages for sending the round-up: schedule, watch, pause and resume a send.

Views stay thin: every change goes through chorus.roundup.delivery, which writes the
audit rows. Recipients' addresses are personal data, so the list of failed and
skipped recipients is shown only to those who may see subscribers; others see how
many failed and why, by class and by the mail server's reply, which the ledger keeps
with every address taken out.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.roundup.delivery import locks
from chorus.roundup.delivery import selectors as delivery_selectors
from chorus.roundup.delivery import services as delivery
from chorus.roundup.models import DeliveryError, Edition, Recipient, Send

PROBLEMS_PER_PAGE = 50
# A time a little in the past (the form sat open for a while) means "now".
PAST_GRACE = datetime.timedelta(minutes=15)


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label="Send at",
        help_text="UK time. Leave it as it is to send straight away.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_send_at(self) -> datetime.datetime:
        value: datetime.datetime = self.cleaned_data["send_at"]
        now = timezone.now()
        if value < now - PAST_GRACE:
            raise ValidationError("That time has passed. Choose a later time, or now.")
        return max(value, now)


def _local_minute(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value).replace(second=0, microsecond=0)


# --- Sends ------------------------------------------------------------------------


@requires("roundup_send", "view")
@require_GET
def send_list(request: HttpRequest) -> HttpResponse:
    sends = Send.objects.select_related("edition").order_by("-send_at")
    page = paginate(request, sends, 30)
    return render(request, "roundup/delivery/send_list.html", {"page_obj": page})


@requires("roundup_send", "view")
@require_GET
def send_detail(request: HttpRequest, pk: int) -> HttpResponse:
    send = get_object_or_404(Send.objects.select_related("edition"), pk=pk)
    may_see_addresses = can(request.user, "subscribers", "view")
    problems = None
    reasons: list[Any] = []
    problem_rows = Recipient.objects.filter(
        send=send,
        status__in=[Recipient.Status.FAILED, Recipient.Status.SKIPPED, Recipient.Status.RETRY],
    )
    if may_see_addresses:
        problems = paginate(request, problem_rows.order_by("status", "pk"), PROBLEMS_PER_PAGE)
    else:
        # Grouped by class and reply, which are stored without addresses.
        statuses = dict(Recipient.Status.choices)
        classes = dict(DeliveryError.choices)
        reasons = [
            {
                **group,
                "status_label": statuses.get(group["status"], group["status"]),
                "class_label": classes.get(group["error_class"], ""),
            }
            for group in problem_rows.order_by()
            .values("status", "error_class", "last_error")
            .annotate(n=Count("pk"))
            .order_by("status", "error_class", "last_error")
        ]
    return render(
        request,
        "roundup/delivery/send_detail.html",
        {
            "send": send,
            "edition": send.edition,
            "state": delivery_selectors.send_progress(send),
            "worker_active": send.status == Send.Status.SENDING
            and locks.is_being_delivered(send.pk),
            "may_change": can(request.user, "roundup_send", "change"),
            "may_see_addresses": may_see_addresses,
            "problems": problems,
            "reasons": reasons,
            "edition_unapproved": send.status == Send.Status.SCHEDULED
            and send.edition.status == Edition.Status.DRAFT,
        },
    )


@requires("roundup_send", "view")
@require_GET
def send_progress(request: HttpRequest, pk: int) -> JsonResponse:
    send = get_object_or_404(Send, pk=pk)
    state = delivery_selectors.send_progress(send)
    state["worker_active"] = state["status"] == Send.Status.SENDING and (
        locks.is_being_delivered(send.pk)
    )
    return JsonResponse(state)


def _confirm_action(
    request: HttpRequest,
    pk: int,
    *,
    action: Callable[..., None],
    title: str,
    explanation: str,
    button: str,
    done: str,
) -> HttpResponse:
    send = get_object_or_404(Send.objects.select_related("edition"), pk=pk)
    if request.method == "POST":
        try:
            action(send=send, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        return redirect("roundup:send_detail", pk=send.pk)
    return render(
        request,
        "roundup/delivery/confirm.html",
        {
            "send": send,
            "edition": send.edition,
            "title": title,
            "explanation": explanation,
            "button": button,
            "state": delivery_selectors.send_progress(send),
        },
    )


@requires("roundup_send", "change")
@require_http_methods(["GET", "POST"])
def send_pause(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_action(
        request,
        pk,
        action=delivery.send_pause,
        title="Pause this send?",
        explanation=(
            "Sending stops after the message going out now. Nobody already sent to is "
            "affected, and resuming carries on with the people still waiting."
        ),
        button="Pause sending",
        done="Paused. Nobody else receives this edition until you resume.",
    )


@requires("roundup_send", "change")
@require_http_methods(["GET", "POST"])
def send_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_action(
        request,
        pk,
        action=delivery.send_resume,
        title="Resume this send?",
        explanation=(
            "Sending carries on with the people still waiting. Nobody already sent to "
            "receives it again."
        ),
        button="Resume sending",
        done="Resumed. Sending carries on within a minute.",
    )


# --- Scheduling -------------------------------------------------------------------


@requires("roundup_send", "change")
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose when an approved edition goes out, then confirm, seeing how many receive it."""
    edition = get_object_or_404(Edition, pk=pk)
    send = Send.objects.filter(edition=edition).first()
    if send is not None and send.status != Send.Status.SCHEDULED:
        messages.info(request, "This edition is already being sent.")
        return redirect("roundup:send_detail", pk=send.pk)
    approved = edition.status == Edition.Status.APPROVED
    initial = _local_minute(send.send_at if send else edition.send_at or timezone.now()).replace(
        tzinfo=None
    )
    form = ScheduleForm(request.POST or None, initial={"send_at": initial})
    context: dict[str, Any] = {"edition": edition, "send": send, "approved": approved}
    if request.method == "POST" and approved and form.is_valid():
        send_at = form.cleaned_data["send_at"]
        if request.POST.get("confirm") == "yes":
            try:
                send = delivery.send_schedule(edition=edition, actor=request.user, send_at=send_at)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("roundup:send_schedule", pk=edition.pk)
            if send.send_at <= timezone.now():
                messages.success(request, "Sending has started.")
            else:
                when = f"{_local_minute(send.send_at):%A %-d %B at %H:%M}"
                messages.success(request, f"Scheduled for {when}.")
            return redirect("roundup:send_detail", pk=send.pk)
        return render(
            request,
            "roundup/delivery/schedule_confirm.html",
            {
                **context,
                "send_at": send_at,
                "send_at_value": _local_minute(send_at).strftime("%Y-%m-%dT%H:%M"),
                "now": send_at <= timezone.now() + datetime.timedelta(minutes=1),
                "audience": delivery_selectors.audience_count(edition),
            },
        )
    context.update(
        {"form": form, "audience": delivery_selectors.audience_count(edition) if approved else None}
    )
    return render(request, "roundup/delivery/schedule.html", context)
