from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.people import services
from chorus.people.forms import (
    OrganisationFilterForm,
    OrganisationForm,
    PeopleFilterForm,
    PersonForm,
)
from chorus.people.models import Organisation, Person
from chorus.people.roles import roles_of
from chorus.people.selectors import (
    organisations_search,
    people_search,
    people_visible_to,
)


@requires("people", "view")
def person_list(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    page = paginate(request, people_search(viewer=request.user, **filters), 50)
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
        },
    )


@requires("people", "view")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        people_visible_to(request.user).select_related("organisation", "region", "storyteller"),
        pk=pk,
    )
    roles = person.journalist_roles.select_related("outlet")
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "journalist_roles": roles,
            "roles": roles_of(person, request.user),
            "storyteller": _storyteller_of(person),
            "may_edit": _may_edit(request.user, person),
        },
    )


def _storyteller_of(person: Person) -> Any:
    return getattr(person, "storyteller", None)


def _may_edit(user: Any, person: Person) -> bool:
    """A storyteller's entry carries only their reference: those who change storytellers
    keep it so, not everyone who edits the directory."""
    if _storyteller_of(person) is not None:
        return can(user, "storytellers", "change")
    return can(user, "people", "change")


@requires("people", "change")
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.person_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added {person.full_name}.")
        return redirect("people:person_detail", pk=person.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": "Add a person", "cancel": "people:person_list"},
    )


@requires("people", "change")
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_visible_to(request.user).select_related("storyteller"), pk=pk)
    if not _may_edit(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.person_update(actor=request.user, person=person, **form.cleaned_data)
        messages.success(request, f"Saved {person.full_name}.")
        return redirect("people:person_detail", pk=person.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": f"Edit {person.full_name}", "cancel": "people:person_list"},
    )


@requires("people", "view")
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    page = paginate(request, organisations_search(viewer=request.user, **filters), 50)
    return render(
        request,
        "people/organisation_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
        },
    )


@requires("people", "change")
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added {organisation.name}.")
        return redirect("people:organisation_list")
    return render(
        request,
        "people/form.html",
        {"form": form, "title": "Add an organisation", "cancel": "people:organisation_list"},
    )


@requires("people", "change")
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
        messages.success(request, f"Saved {organisation.name}.")
        return redirect("people:organisation_list")
    return render(
        request,
        "people/form.html",
        {"form": form, "title": f"Edit {organisation.name}", "cancel": "people:organisation_list"},
    )
