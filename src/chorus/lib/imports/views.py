"""The import pages, the same for every kind: upload, match columns, preview, confirm,
cancel, and the kept original.

These views check no access themselves: `import_urlpatterns` wraps each one in the
guard the registering app passes (its `@requires(area, "change")`), so the access
matrix stays the only place that maps roles to areas.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from chorus.lib.imports import services
from chorus.lib.imports.models import ImportUpload
from chorus.lib.imports.reading import LEAVE_OUT
from chorus.lib.imports.registry import ImportKind, get_kind
from chorus.lib.storage import FileNotSaved


class UploadForm(forms.Form):
    # Empty files get through to the check, which explains the problem in its own words
    # and keeps the upload like any other.
    file = forms.FileField(
        label="Spreadsheet (CSV)",
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, kind: ImportKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["file"].label = f"{kind.plural.capitalize()} spreadsheet (CSV)"
        self.fields["file"].help_text = (
            f"Saved as CSV UTF-8, with the columns {kind.expected_columns()}. "
            f"At most {kind.max_rows:,} rows and {kind.max_bytes // 1024 // 1024} MB."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.kind.max_bytes:
            # Too big to keep: refused before it is stored.
            raise forms.ValidationError(
                "This file is %(size).1f MB; the most Chorus takes is %(most)d MB. "
                "Split it into smaller files.",
                params={
                    "size": upload.size / 1024 / 1024,
                    "most": self.kind.max_bytes // 1024 // 1024,
                },
            )
        return upload


def _upload_of(kind: ImportKind, pk: int) -> ImportUpload | HttpResponse:
    found = ImportUpload.objects.select_related("uploaded_by").filter(kind=kind.name, pk=pk)
    upload = found.first()
    if upload is not None:
        return upload
    # Links from before imports moved into lib carry the id of the app's old table.
    old = ImportUpload.objects.filter(kind=kind.name, legacy_id=pk).first()
    if old is None:
        raise Http404
    return redirect(kind.url("detail"), pk=old.pk)


@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest, kind: str) -> HttpResponse:
    import_kind = get_kind(kind)
    form = UploadForm(request.POST or None, request.FILES or None, kind=import_kind)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            upload = services.import_upload_create(
                actor=request.user, kind=kind, name=uploaded.name or "", data=uploaded.read()
            )
        except FileNotSaved as error:
            form.add_error("file", str(error))
        else:
            return redirect(import_kind.url("detail"), pk=upload.pk)
    return render(
        request,
        "lib/imports/upload.html",
        {
            "kind": import_kind,
            "form": form,
            "imports": ImportUpload.objects.filter(kind=kind)
            .select_related("uploaded_by")
            .order_by("-uploaded_at", "-pk")[:20],
        },
    )


@require_http_methods(["GET"])
def detail_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    import_kind = get_kind(kind)
    upload = _upload_of(import_kind, pk)
    if isinstance(upload, HttpResponse):
        return upload
    imported = upload.status == ImportUpload.Status.IMPORTED
    cancelled = upload.status == ImportUpload.Status.CANCELLED
    # Once imported, checking against the database again would report each row as
    # already there: read the file alone.
    check = services.read_upload(upload, against_database=not (imported or cancelled))
    if check is None or imported or cancelled:
        errors, warnings = upload.errors, upload.warnings
    else:
        errors = [p.as_dict() for p in check.errors] or upload.errors
        warnings = [p.as_dict() for p in check.warnings]
    can_confirm = upload.status == ImportUpload.Status.READY and check is not None and check.ok
    rows = check.rows if check else []
    field_choices = [(f.name, f.name) for f in import_kind.fields]
    columns = (
        [
            {"heading": heading, "field": field_name}
            for heading, field_name in zip(check.header, check.columns, strict=False)
            if heading.strip()
        ]
        if check
        else []
    )
    return render(
        request,
        "lib/imports/detail.html",
        {
            "kind": import_kind,
            "upload": upload,
            "rows": [(row, [value(row) for _, value in import_kind.preview]) for row in rows],
            "row_count": len(rows),
            "to_import": len(check.to_import) if check else 0,
            "headings": [heading for heading, _ in import_kind.preview],
            "file_errors": [e for e in errors if e.get("row") is None],
            "errors": errors,
            "warnings": warnings,
            "can_confirm": can_confirm,
            "can_map": upload.status in (ImportUpload.Status.READY, ImportUpload.Status.INVALID)
            and bool(columns),
            "columns": columns,
            "field_choices": field_choices,
            "leave_out": LEAVE_OUT,
            "imported": imported,
            "cancelled": cancelled,
            "done_links": import_kind.done_links() if imported and import_kind.done_links else [],
        },
    )


@require_http_methods(["POST"])
def map_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    import_kind = get_kind(kind)
    upload = get_object_or_404(ImportUpload, kind=kind, pk=pk)
    headings = request.POST.getlist("heading")
    fields = request.POST.getlist("field")
    try:
        services.import_upload_remap(
            actor=request.user,
            upload=upload,
            mapping=dict(zip(headings, fields, strict=False)),
        )
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Columns matched. Chorus will offer the same next time.")
    return redirect(import_kind.url("detail"), pk=pk)


@require_http_methods(["POST"])
def confirm_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    import_kind = get_kind(kind)
    upload = get_object_or_404(ImportUpload, kind=kind, pk=pk)
    try:
        result = services.import_upload_confirm(actor=request.user, upload=upload)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect(import_kind.url("detail"), pk=pk)
    if result.status == ImportUpload.Status.IMPORTED:
        text = f"Imported {result.created_count} {import_kind.plural} from {result.original_name}"
        if result.updated_count:
            text += f"; {result.updated_count} updated"
        if result.unchanged_count:
            text += f"; {result.unchanged_count} left out (see below)"
        messages.success(request, text + ".")
    else:
        messages.error(
            request,
            "Nothing was imported: the file has problems now that were not there when it "
            "was uploaded (see below). Fix the spreadsheet and upload it again.",
        )
    return redirect(import_kind.url("detail"), pk=pk)


@require_http_methods(["POST"])
def cancel_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    import_kind = get_kind(kind)
    upload = get_object_or_404(ImportUpload, kind=kind, pk=pk)
    try:
        services.import_upload_cancel(actor=request.user, upload=upload)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect(import_kind.url("detail"), pk=pk)
    messages.success(request, f"Cancelled: nothing was imported from {upload.original_name}.")
    return redirect(import_kind.url())


@require_http_methods(["GET"])
def file_view(request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
    """The original file as uploaded, for kinds that keep it."""
    import_kind = get_kind(kind)
    upload = get_object_or_404(ImportUpload, kind=kind, pk=pk)
    if not import_kind.keep_file or not upload.file:
        raise Http404
    try:
        handle = upload.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    services.import_file_downloaded(actor=request.user, upload=upload)
    response = FileResponse(
        handle, as_attachment=True, filename=upload.original_name, content_type="text/csv"
    )
    response["Cache-Control"] = "private, no-store"
    return response


Guard = Callable[[Callable[..., Any]], Callable[..., Any]]


def import_urlpatterns(*, kind: str, route: str, name: str, guard: Guard) -> list[URLPattern]:
    """The pages of one kind under `route` ("placements/import/"), named `name`, `name_detail`…

    `guard` is the registering app's access check (its `requires(area, "change")`).
    """
    extra = {"kind": kind}
    return [
        path(route, guard(upload_view), extra, name=name),
        path(f"{route}<int:pk>/", guard(detail_view), extra, name=f"{name}_detail"),
        path(f"{route}<int:pk>/columns/", guard(map_view), extra, name=f"{name}_map"),
        path(f"{route}<int:pk>/confirm/", guard(confirm_view), extra, name=f"{name}_confirm"),
        path(f"{route}<int:pk>/cancel/", guard(cancel_view), extra, name=f"{name}_cancel"),
        path(f"{route}<int:pk>/file/", guard(file_view), extra, name=f"{name}_file"),
    ]
