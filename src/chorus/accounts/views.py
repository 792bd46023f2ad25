from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from chorus.accounts import services
from chorus.accounts.access import can, requires
from chorus.accounts.forms import StaffCreateForm, StaffEditForm
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
            services.user_update(actor=request.user, user=member, **form.cleaned_data)
            messages.success(request, f"Saved {member.username}.")
            return redirect("accounts:staff_list")
    return render(
        request,
        "accounts/staff_form.html",
        {"form": form, "member": member, "title": f"Edit {member.username}"},
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
