from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from chorus.accounts import handover, selectors, services, staff_checks
from chorus.accounts.access import can, requires
from chorus.accounts.forms import StaffChecksForm, StaffCreateForm, StaffEditForm
from chorus.accounts.models import User
from chorus.lib.pagination import paginate
from chorus.lib.search import MIN_QUERY_LENGTH, PER_GROUP, search_run


@requires("staff", "view")
def staff_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    users = User.objects.all()
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    page = paginate(request, users, 50)
    return render(request, "accounts/staff_list.html", {"page_obj": page, "q": q})


@requires("staff", "change")
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"Account {user.username} created. They set a password with "
            "‘Forgot password’ on the sign-in page.",
        )
        return redirect("accounts:staff_list")
    return render(
        request, "accounts/staff_form.html", {"form": form, "title": "Add a staff account"}
    )


@requires("staff", "change")
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=pk)
    initial = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "role": member.role,
        "is_active": member.is_active,
    }
    form = StaffEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if member == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", "You cannot disable your own account.")
        else:
            was_active = member.is_active
            services.user_update(actor=request.user, user=member, **form.cleaned_data)
            if was_active and not member.is_active:
                messages.success(
                    request,
                    f"{member.username} is disabled and signed out everywhere. "
                    "Work through the leaver checklist.",
                )
                return redirect("accounts:staff_leaver", member.pk)
            messages.success(request, f"Saved {member.username}.")
            return redirect("accounts:staff_list")
    return render(
        request,
        "accounts/staff_form.html",
        {"form": form, "member": member, "title": f"Edit {member.username}"},
    )


# --- Leavers --------------------------------------------------------------------------


@requires("staff", "view")
def staff_leaver(request: HttpRequest, pk: int) -> HttpResponse:
    """What to hand over or remove when someone leaves: role, second factor, open work."""
    member = get_object_or_404(User, pk=pk)
    return render(
        request,
        "accounts/leaver.html",
        {
            "member": member,
            "factors": Authenticator.objects.filter(user=member).order_by("type"),
            "handovers": handover.open_work_of(member),
            "read_only": member.role == "read_only",
        },
    )


@requires("staff", "change")
@require_POST
def staff_remove_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=pk)
    services.user_remove_role(actor=request.user, user=member)
    messages.success(request, f"{member.username} now holds no role beyond read-only.")
    return redirect("accounts:staff_leaver", member.pk)


@requires("staff", "change")
@require_http_methods(["GET", "POST"])
def staff_mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Reset a lost second factor, after a confirmation page."""
    member = get_object_or_404(User, pk=pk)
    if request.method == "POST":
        if member == request.user:
            messages.error(request, "Ask another admin to reset your own second factor.")
            return redirect("accounts:staff_edit", member.pk)
        removed = services.user_mfa_reset(actor=request.user, user=member)
        messages.success(
            request,
            f"Removed {removed} second factor{'s' if removed != 1 else ''} of {member.username} "
            "and signed them out. They set up a new one when they next sign in.",
        )
        return redirect("accounts:staff_edit", member.pk)
    return render(
        request,
        "accounts/mfa_reset.html",
        {"member": member, "factors": Authenticator.objects.filter(user=member)},
    )


# --- The quarterly access review ----------------------------------------------------------


@requires("staff", "view")
def access_review(request: HttpRequest) -> HttpResponse:
    rows = selectors.access_review()
    return render(
        request,
        "accounts/access_review.html",
        {
            "rows": rows,
            "unused": [r for r in rows if r.unused],
            "unused_days": selectors.UNUSED_DAYS,
        },
    )


@requires("staff", "view")
def access_review_csv(request: HttpRequest) -> HttpResponse:
    lines = services.access_review_export(actor=request.user)
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    filename = f"chorus-access-review-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- DBS checks and safeguarding training -------------------------------------------------


@requires("staff_checks", "view")
def staff_checks_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    due = staff_checks.due_within(today=today, days=staff_checks.reminder_days())
    return render(
        request,
        "accounts/staff_checks.html",
        {
            "members": staff_checks.staff_checks_list(),
            "due": due,
            "today": today,
            "days": staff_checks.reminder_days(),
        },
    )


@requires("staff_checks", "change")
@require_http_methods(["GET", "POST"])
def staff_checks_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=pk, is_active=True)
    form = StaffChecksForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        # The form only checks the input; the service writes it with its audit row.
        member.refresh_from_db()
        staff_checks.staff_checks_update(actor=request.user, user=member, **form.cleaned_data)
        messages.success(request, f"Saved the checks of {member}.")
        return redirect("accounts:staff_checks")
    return render(
        request,
        "accounts/staff_checks_form.html",
        {"form": form, "member": member, "title": f"DBS check and training: {member}"},
    )


@requires("dashboard", "view")
@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    """The header's search box, for all signed-in staff: each area the role may view."""
    result = search_run(
        actor=request.user,
        query=request.GET.get("q", ""),
        may_view=lambda area: can(request.user, area, "view"),
    )
    return render(
        request,
        "accounts/search.html",
        {"result": result, "min_length": MIN_QUERY_LENGTH, "per_group": PER_GROUP},
    )
