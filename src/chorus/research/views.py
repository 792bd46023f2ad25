"""Staff screens of research: studies with their variants, results and quotes, and findings.

Views stay thin: they read through selectors, validate with forms and write only
through services, which write the audit rows. Toolkits are in `toolkit_views`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.privacy.services import audit_list_view
from chorus.research import privacy, selectors, services
from chorus.research.forms import (
    FindingFilterForm,
    FindingForm,
    QuoteForm,
    ResultForm,
    StudyFilterForm,
    StudyForm,
    VariantForm,
)
from chorus.research.models import Finding, Quote, Result, Study, Variant

PER_PAGE = 50


def _form_page(
    request: HttpRequest, form: Any, title: str, cancel: str, **extra: Any
) -> HttpResponse:
    return render(
        request, "research/form.html", {"form": form, "title": title, "cancel": cancel, **extra}
    )


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _confirm_delete(
    request: HttpRequest, *, title: str, what: str, consequence: str, cancel: str
) -> HttpResponse:
    return render(
        request,
        "research/confirm_delete.html",
        {"title": title, "what": what, "consequence": consequence, "cancel": cancel},
    )


# --- Studies --------------------------------------------------------------------------


@requires("research", "view")
@require_http_methods(["GET"])
def study_list(request: HttpRequest) -> HttpResponse:
    form = StudyFilterForm(request.GET)
    filters = form.filters()
    page = paginate(request, selectors.studies_filter(**filters), PER_PAGE)
    return render(
        request,
        "research/study_list.html",
        {
            "form": form,
            "filtered": bool(filters),
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "research", "change"),
        },
    )


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def study_create(request: HttpRequest) -> HttpResponse:
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            study = services.study_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Added the study “{study}”.")
            return redirect("research:study_detail", study.pk)
    return _form_page(request, form, "Add a study", reverse("research:study_list"))


@requires("research", "view")
@require_http_methods(["GET"])
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        study = selectors.study_with_results(pk)
    except Study.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "research/study_detail.html",
        {
            "study": study,
            "can_change": can(request.user, "research", "change"),
            "can_see_quotes": can(request.user, "research_quotes", "view"),
            "quote_count": study.quotes.count(),
        },
    )


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def study_edit(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_object_or_404(Study, pk=pk)
    form = StudyForm(request.POST or None, instance=study)
    if request.method == "POST" and form.is_valid():
        try:
            services.study_update(actor=request.user, study=study, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Saved the study.")
            return redirect("research:study_detail", study.pk)
    return _form_page(
        request, form, f"Edit “{study}”", reverse("research:study_detail", args=[study.pk])
    )


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def study_delete(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_object_or_404(Study, pk=pk)
    if request.method == "POST":
        services.study_delete(actor=request.user, study=study)
        messages.success(request, f"Deleted the study “{study.title}”.")
        return redirect("research:study_list")
    return _confirm_delete(
        request,
        title="Delete this study?",
        what=str(study),
        consequence="Its variants, results and quotes are deleted with it, and findings lose "
        "the results they rested on.",
        cancel=reverse("research:study_detail", args=[study.pk]),
    )


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def study_variant_add(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_object_or_404(Study, pk=pk)
    form = VariantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.variant_create(actor=request.user, study=study, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Added the message variant.")
            return redirect("research:study_detail", study.pk)
    return _form_page(
        request,
        form,
        f"Add a message variant to “{study}”",
        reverse("research:study_detail", args=[pk]),
    )


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def study_result_add(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_object_or_404(Study, pk=pk)
    form = ResultForm(request.POST or None, study=study)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_create(actor=request.user, study=study, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Added the result.")
            return redirect("research:study_detail", study.pk)
    return _form_page(
        request, form, f"Add a result to “{study}”", reverse("research:study_detail", args=[pk])
    )


def _delete_child(
    request: HttpRequest, model: type[Model], pk: int, service: Any, key: str, label: str
) -> HttpResponse:
    record: Any = get_object_or_404(model, pk=pk)
    back = reverse("research:study_detail", args=[record.study_id])
    if request.method == "POST":
        service(actor=request.user, **{key: record})
        messages.success(request, f"Deleted the {label}.")
        return redirect(back)
    return _confirm_delete(
        request,
        title=f"Delete this {label}?",
        what=str(record),
        consequence="It is removed from the study and from any finding that cites it.",
        cancel=back,
    )


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def variant_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete_child(request, Variant, pk, services.variant_delete, "variant", "variant")


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def result_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete_child(request, Result, pk, services.result_delete, "result", "result")


# --- Quotes ---------------------------------------------------------------------------


@requires("research_quotes", "view")
@require_http_methods(["GET"])
def study_quotes(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_object_or_404(Study, pk=pk)
    page = paginate(request, selectors.quotes_of(study), PER_PAGE)
    audit_list_view(
        actor=request.user,
        model=Quote,
        ids=[q.pk for q in page.object_list],
        title=f"Quotes from {study}",
        note="read participants' quotes",
    )
    return render(
        request,
        "research/study_quotes.html",
        {
            "study": study,
            "kept_until": privacy.quotes_kept_until(study),
            "retention_months": privacy.retention_months(),
            "today": timezone.localdate(),
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "research_quotes", "change"),
        },
    )


@requires("research_quotes", "change")
@require_http_methods(["GET", "POST"])
def study_quote_add(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_object_or_404(Study, pk=pk)
    form = QuoteForm(request.POST or None, initial={"consent_recorded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.quote_create(actor=request.user, study=study, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Kept the quote.")
            return redirect("research:study_quotes", study.pk)
    return _form_page(
        request, form, f"Keep a quote from “{study}”", reverse("research:study_quotes", args=[pk])
    )


@requires("research_quotes", "change")
@require_http_methods(["GET", "POST"])
def quote_delete(request: HttpRequest, pk: int) -> HttpResponse:
    quote = get_object_or_404(Quote, pk=pk)
    back = reverse("research:study_quotes", args=[quote.study_id])
    if request.method == "POST":
        services.quote_delete(actor=request.user, quote=quote)
        messages.success(request, "Deleted the quote.")
        return redirect(back)
    return _confirm_delete(
        request,
        title="Delete this quote?",
        what=str(quote),
        consequence="Its words are deleted for good; the audit log keeps only that it existed.",
        cancel=back,
    )


@requires("research_quotes", "change")
@require_http_methods(["GET", "POST"])
def quote_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant withdrew their consent: the quote goes, recorded as a withdrawal."""
    quote = get_object_or_404(Quote, pk=pk)
    back = reverse("research:study_quotes", args=[quote.study_id])
    if request.method == "POST":
        services.quote_consent_withdraw(actor=request.user, quote=quote)
        messages.success(request, "Recorded the withdrawal and deleted the quote.")
        return redirect(back)
    return _confirm_delete(
        request,
        title="The participant withdrew their consent?",
        what=str(quote),
        consequence="The quote is deleted for good today, and the audit log records that "
        "consent was withdrawn. Take it out of any toolkit or document that uses it too.",
        cancel=back,
    )


# --- Findings -------------------------------------------------------------------------


@requires("research", "view")
@require_http_methods(["GET"])
def finding_list(request: HttpRequest) -> HttpResponse:
    form = FindingFilterForm(request.GET)
    filters = form.filters()
    due = form.is_valid() and form.cleaned_data.get("due")
    today = timezone.localdate()
    found = selectors.findings_filter(q=filters.get("q", ""), due_by=today if due else None)
    page = paginate(request, found, PER_PAGE)
    return render(
        request,
        "research/finding_list.html",
        {
            "form": form,
            "filtered": bool(filters.get("q") or due),
            "page_obj": page,
            "today": today,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "research", "change"),
        },
    )


@requires("research", "view")
@require_http_methods(["GET"])
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        finding = selectors.finding_with_evidence(pk)
    except Finding.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "research/finding_detail.html",
        {
            "finding": finding,
            "overdue": finding.review_by < timezone.localdate(),
            "can_change": can(request.user, "research", "change"),
        },
    )


def _finding_form(request: HttpRequest, finding: Finding | None) -> HttpResponse:
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = list(data.pop("evidence"))
        try:
            if finding is None:
                finding = services.finding_create(actor=request.user, evidence=evidence, **data)
            else:
                services.finding_update(
                    actor=request.user, finding=finding, evidence=evidence, **data
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Saved the finding.")
            return redirect("research:finding_detail", finding.pk)
    title = "Add a finding" if finding is None else f"Edit “{finding}”"
    return _form_page(request, form, title, reverse("research:finding_list"))


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest) -> HttpResponse:
    return _finding_form(request, None)


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _finding_form(request, get_object_or_404(Finding, pk=pk))


@requires("research", "change")
@require_http_methods(["GET", "POST"])
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(Finding, pk=pk)
    if request.method == "POST":
        services.finding_delete(actor=request.user, finding=finding)
        messages.success(request, f"Deleted the finding “{finding.title}”.")
        return redirect("research:finding_list")
    return _confirm_delete(
        request,
        title="Delete this finding?",
        what=str(finding),
        consequence="Toolkit messages that cite it lose their link to it; the results stay.",
        cancel=reverse("research:finding_detail", args=[finding.pk]),
    )
