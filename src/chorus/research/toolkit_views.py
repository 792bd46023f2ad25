"""Toolkits: staff screens (drafts stay internal) and the public page and download.

The public page shows only published versions; a draft's document is reached only by
staff. A public download adds one to the version's counter and stores nothing about
who downloaded it.
"""

from __future__ import annotations

import hashlib
from typing import cast

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, public, requires
from chorus.lib.clientip import client_ip
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.lib.storage import FileNotSaved
from chorus.research import selectors, services
from chorus.research.forms import (
    CoverageLinkForm,
    MessageLineForm,
    PublishForm,
    SimpleSearchForm,
    ToolkitForm,
    VersionUploadForm,
)
from chorus.research.models import DocumentType, MessageLine, Toolkit, ToolkitVersion
from chorus.research.views import PER_PAGE, _apply_errors, _confirm_delete, _form_page

PUBLIC_REASON = (
    "A published toolkit is meant for anyone campaigning on migration: the page shows only "
    "published versions and their messages, never drafts, findings' evidence or quotes."
)
PUBLIC_VIEWS_PER_IP_PER_HOUR = 300
CONTENT_TYPES = {
    DocumentType.PDF: "application/pdf",
    DocumentType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _over_limit(request: HttpRequest) -> bool:
    key = "research:public:" + hashlib.sha256(client_ip(request).encode("utf-8")).hexdigest()
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > PUBLIC_VIEWS_PER_IP_PER_HOUR


def _document(version: ToolkitVersion) -> HttpResponse:
    name = f"{version.toolkit.slug}-v{version.number}.{version.document_type}"
    try:
        handle = version.document.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES[DocumentType(version.document_type)],
    )
    response["Cache-Control"] = "private, no-store"
    # A streamed file, typed as the HttpResponse the access decorators expect of a view.
    return cast(HttpResponse, response)


# --- Staff ----------------------------------------------------------------------------


@requires("toolkits", "view")
@require_http_methods(["GET"])
def toolkit_list(request: HttpRequest) -> HttpResponse:
    form = SimpleSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.toolkits_filter(q=q), PER_PAGE)
    return render(
        request,
        "research/toolkit_list.html",
        {
            "form": form,
            "filtered": bool(q),
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "toolkits", "change"),
        },
    )


@requires("toolkits", "change")
@require_http_methods(["GET", "POST"])
def toolkit_create(request: HttpRequest) -> HttpResponse:
    form = ToolkitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        studies = list(data.pop("studies"))
        try:
            toolkit = services.toolkit_create(actor=request.user, studies=studies, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Added the toolkit “{toolkit}”. Upload its first draft.")
            return redirect("research:toolkit_detail", toolkit.pk)
    return _form_page(request, form, "Add a toolkit", reverse("research:toolkit_list"))


@requires("toolkits", "view")
@require_http_methods(["GET"])
def toolkit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        toolkit = selectors.toolkit_detail(pk)
    except Toolkit.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "research/toolkit_detail.html",
        {
            "toolkit": toolkit,
            "published": selectors.latest_published(toolkit),
            "can_change": can(request.user, "toolkits", "change"),
            "publish_form": PublishForm(initial={"published_on": timezone.localdate()}),
        },
    )


@requires("toolkits", "change")
@require_http_methods(["GET", "POST"])
def toolkit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    toolkit = get_object_or_404(Toolkit, pk=pk)
    form = ToolkitForm(request.POST or None, instance=toolkit)
    back = reverse("research:toolkit_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("studies")
        try:
            services.toolkit_update(actor=request.user, toolkit=toolkit, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Saved the toolkit.")
            return redirect(back)
    return _form_page(request, form, f"Edit “{toolkit}”", back)


@requires("toolkits", "change")
@require_http_methods(["GET", "POST"])
def toolkit_version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    toolkit = get_object_or_404(Toolkit, pk=pk)
    form = VersionUploadForm(request.POST or None, request.FILES or None)
    back = reverse("research:toolkit_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            version = services.toolkit_version_upload(
                actor=request.user,
                toolkit=toolkit,
                name=upload.name,
                content=upload,
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_error("document", error)
        except FileNotSaved as error:
            form.add_error("document", str(error))
        else:
            messages.success(request, f"Uploaded version {version.number} as a draft.")
            return redirect(back)
    return _form_page(request, form, f"Upload a new version of “{toolkit}”", back, multipart=True)


@requires("toolkits", "change")
@require_http_methods(["GET", "POST"])
def toolkit_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    toolkit = get_object_or_404(Toolkit, pk=pk)
    form = MessageLineForm(request.POST or None)
    back = reverse("research:toolkit_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.message_line_create(actor=request.user, toolkit=toolkit, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Added the message.")
            return redirect(back)
    return _form_page(request, form, f"Add a message to “{toolkit}”", back)


@requires("toolkits", "view")
@require_http_methods(["GET"])
def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff read any version, drafts included; it is not counted as a download."""
    return _document(get_object_or_404(ToolkitVersion.objects.select_related("toolkit"), pk=pk))


@requires("toolkits", "change")
@require_http_methods(["POST"])
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(ToolkitVersion, pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the day it was published.")
    else:
        try:
            services.toolkit_version_publish(
                actor=request.user, version=version, published_on=form.cleaned_data["published_on"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Published version {version.number}.")
    return redirect("research:toolkit_detail", version.toolkit_id)


@requires("toolkits", "change")
@require_http_methods(["GET", "POST"])
def version_delete(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(ToolkitVersion, pk=pk)
    back = reverse("research:toolkit_detail", args=[version.toolkit_id])
    if request.method == "POST":
        try:
            services.toolkit_version_delete(actor=request.user, version=version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Deleted the draft version {version.number}.")
        return redirect(back)
    return _confirm_delete(
        request,
        title="Delete this draft?",
        what=str(version),
        consequence="Its document is deleted. Published versions cannot be deleted.",
        cancel=back,
    )


@requires("toolkits", "change")
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(MessageLine, pk=pk)
    form = MessageLineForm(request.POST or None, instance=line)
    back = reverse("research:toolkit_detail", args=[line.toolkit_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.message_line_update(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Saved the message.")
            return redirect(back)
    return _form_page(request, form, "Edit the message", back)


@requires("toolkits", "change")
@require_http_methods(["GET", "POST"])
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(MessageLine, pk=pk)
    back = reverse("research:toolkit_detail", args=[line.toolkit_id])
    if request.method == "POST":
        services.message_line_delete(actor=request.user, line=line)
        messages.success(request, "Deleted the message.")
        return redirect(back)
    return _confirm_delete(
        request,
        title="Delete this message?",
        what=str(line),
        consequence="Its links to the finding and to coverage go with it.",
        cancel=back,
    )


@requires("toolkits", "change")
@require_http_methods(["GET", "POST"])
def line_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a placement or a post that used a message."""
    line = get_object_or_404(MessageLine, pk=pk)
    form = CoverageLinkForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    back = reverse("research:toolkit_detail", args=[line.toolkit_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.message_line_link(actor=request.user, line=line, **form.coverage())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Linked the coverage to the message.")
            return redirect(back)
    return _form_page(request, form, f"Link coverage that used “{line}”", back)


@requires("toolkits", "change")
@require_http_methods(["POST"])
def line_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(MessageLine, pk=pk)
    form = CoverageLinkForm(request.POST)
    if form.is_valid():
        services.message_line_unlink(actor=request.user, line=line, **form.coverage())
        messages.success(request, "Unlinked it from the message.")
    else:
        messages.error(request, "That placement or post is no longer there.")
    return redirect("research:toolkit_detail", line.toolkit_id)


# --- Public ---------------------------------------------------------------------------


def _published_or_404(slug: str) -> tuple[Toolkit, ToolkitVersion]:
    toolkit = Toolkit.objects.filter(slug=slug).first()
    version = selectors.latest_published(toolkit) if toolkit else None
    if toolkit is None or version is None:
        # A draft-only toolkit answers exactly as one that does not exist.
        raise Http404
    return toolkit, version


@public(PUBLIC_REASON)
@require_http_methods(["GET"])
def public_toolkit(request: HttpRequest, slug: str) -> HttpResponse:
    if _over_limit(request):
        return HttpResponse("Too many requests. Try again later.", status=429)
    toolkit, version = _published_or_404(slug)
    response = render(
        request,
        "research/public_toolkit.html",
        {
            "toolkit": toolkit,
            "version": version,
            "lines": toolkit.lines.all(),
        },
    )
    add_never_cache_headers(response)
    return response


@public(PUBLIC_REASON)
@require_http_methods(["GET"])
def public_download(request: HttpRequest, slug: str) -> HttpResponse:
    if _over_limit(request):
        return HttpResponse("Too many requests. Try again later.", status=429)
    _, version = _published_or_404(slug)
    services.toolkit_version_download_count(version=version)
    return _document(version)
