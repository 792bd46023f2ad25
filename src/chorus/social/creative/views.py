"""Pages of creative projects: the projects, their partners and participants."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.social.creative import selectors, services
from chorus.social.creative.forms import ParticipantForm, ProjectForm
from chorus.social.creative.models import Project


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["can_change"] = can(request.user, "social", "change")
    return render(request, template, context)


@requires("social", "view")
@require_http_methods(["GET"])
def project_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.projects(), 25)
    return _render(
        request,
        "social/creative/project_list.html",
        {"page_obj": page, "querystring_without_page": querystring_without(request)},
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = list(data.pop("partners"))
        project = services.project_create(actor=request.user, partners=partners, **data)
        messages.success(request, f"Added {project}.")
        return redirect("social:project_detail", pk=project.pk)
    return _render(
        request,
        "social/podcast/form.html",
        {"form": form, "title": "Add a creative project", "back": reverse("social:project_list")},
    )


@requires("social", "view")
@require_http_methods(["GET"])
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    return _render(
        request,
        "social/creative/project_detail.html",
        {
            "project": project,
            "partners": project.partners.all(),
            "participants": selectors.participants(project),
            "sees_storytellers": can(request.user, "storytellers", "view"),
        },
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name != "partners"}
        services.project_update(
            actor=request.user,
            project=Project.objects.get(pk=pk),
            partners=list(form.cleaned_data["partners"]),
            **fields,
        )
        messages.success(request, "Saved the project.")
        return redirect("social:project_detail", pk=pk)
    return _render(
        request,
        "social/podcast/form.html",
        {
            "form": form,
            "title": f"Edit {project}",
            "back": reverse("social:project_detail", args=[pk]),
        },
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def project_participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    form = ParticipantForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_participant_add(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Added {form.cleaned_data['storyteller'].reference}.")
            return redirect("social:project_detail", pk=pk)
    return _render(
        request, "social/creative/participant_add.html", {"project": project, "form": form}
    )
