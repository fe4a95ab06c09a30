"""Importing KPI values from a file in the web UI: upload, match columns, check, apply.

The same wizard as the people import (org), on the same ``ImportJob`` model; the
steps particular to KPI values are in :mod:`mainspring.strategy.import_tasks`.
"""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.org import actions as org_actions
from mainspring.org.forms import ImportMappingForm
from mainspring.org.models import ImportJob, ImportStatus
from mainspring.strategy import actions, import_tasks, permissions
from mainspring.strategy.models import KPI
from mainspring.web.http import AuthedRequest, require

ERRORS_PAGE = 50
RECENT = 10


class ValuesFileForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel (.xlsx) file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
        help_text="One row per KPI, unit and period: KPI code, unit, period, value.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_IMPORT_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:.0f} MB; the limit is "
                f"{settings.MAX_IMPORT_FILE_BYTES / 1e6:.0f} MB."
            )
        return upload


def _kpi_asked_for(request: AuthedRequest) -> KPI | None:
    # The KPI page's "Import values" names its KPI, for the way back and the template.
    pk = request.GET.get("kpi", "")
    return KPI.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def _jobs() -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(kind=import_tasks.KIND).select_related("created_by")


def _job(request: AuthedRequest, pk: int) -> ImportJob:
    require(permissions.can_edit_strategy(request.user))
    try:
        return _jobs().get(pk=pk)
    except ImportJob.DoesNotExist:
        raise Http404("No such import.") from None


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    kpi = _kpi_asked_for(request)
    form = ValuesFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_tasks.start(actor=request.user, upload=form.cleaned_data["file"])
        except actions.Error as error:
            form.add_error("file", str(error))
        else:
            return redirect("strategy:import-detail", pk=job.pk)
    return render(
        request,
        "strategy/import_new.html",
        {"form": form, "kpi": kpi, "recent": _jobs()[:RECENT]},
    )


def _mapping_form(job: ImportJob, data: Any = None) -> ImportMappingForm:
    return ImportMappingForm(
        data,
        initial={f"map_{k}": v for k, v in job.mapping.items()},
        fields=import_tasks.FIELDS,
        headers=job.summary.get("headers", []),
        kind=job.kind,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = None
    if job.status in (ImportStatus.UPLOADED, ImportStatus.VALIDATED, ImportStatus.INVALID,
                      ImportStatus.FAILED):  # fmt: skip
        form = _mapping_form(job, request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                import_tasks.configure(actor=request.user, job=job, mapping=form.mapping())
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except import_tasks.NotReadyError as error:
                messages.error(request, str(error))
            else:
                return redirect("strategy:import-detail", pk=job.pk)
    running = job.status in (ImportStatus.VALIDATING, ImportStatus.APPLYING)
    if request.htmx and not running:
        # The job finished while the page polled: reload it whole, errors and all.
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    template = "strategy/import_detail.html" + ("#status" if request.htmx else "")
    context = {
        "job": job,
        "form": form,
        "errors": Paginator(job.errors, ERRORS_PAGE).get_page(request.GET.get("page")),
        "running": running,
        "progress": org_actions.get_progress(job.pk),
    }
    return render(request, template, context)


@login_required
@require_POST
def import_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    valid_only = request.POST.get("valid_rows_only") == "1"
    try:
        import_tasks.request_apply(actor=request.user, job=job, valid_rows_only=valid_only)
    except import_tasks.NotReadyError as error:
        messages.error(request, str(error))
    return redirect("strategy:import-detail", pk=job.pk)


@login_required
@require_POST
def import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        org_actions.cancel_import(actor=request.user, job=job)
    except org_actions.ImportNotReadyError as error:
        messages.error(request, str(error))
        return redirect("strategy:import-detail", pk=job.pk)
    messages.success(request, f"Cancelled the import of {job.original_name}.")
    return redirect("strategy:import-new")


@login_required
@require_GET
def import_errors_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kpi-import-{job.pk}-errors.csv"'
    writer = csv.writer(response)
    writer.writerow(["row", "column", "value", "message"])
    for error in job.errors:
        writer.writerow([error["row"], error["column"], error["value"], error["message"]])
    if job.error_count > len(job.errors):
        more = job.error_count - len(job.errors)
        writer.writerow(["", "", "", f"... and {more} more errors: fix these and check again, "
                         "or use 'mainspring import kpi-observations --errors-csv'."])  # fmt: skip
    return response


@login_required
@require_GET
def import_template_csv(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    kpi = _kpi_asked_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kpi-values-template.csv"'
    writer = csv.writer(response)
    writer.writerow([spec.label for spec in import_tasks.FIELDS])
    if kpi is not None:
        writer.writerow([kpi.code, "", "2025-01", ""])
    return response
