from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.reports import actions, exports, permissions, queries
from mainspring.reports.forms import MONTHS, NoteForm, PeriodForm, PlanGridForm
from mainspring.reports.models import ReportKind
from mainspring.web.http import AuthedRequest, require


def _period(request: AuthedRequest) -> tuple[int, int]:
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["year"], form.cleaned_data["month"]
    return queries.last_complete_month(timezone.localdate())


def _program_id(request: AuthedRequest) -> int | None:
    raw = request.GET.get("program", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such program.")
    return int(raw)


def _report(request: AuthedRequest, kind: str) -> queries.Report:
    require(permissions.can_view_reports(request.user))
    if kind not in ReportKind.values:
        raise Http404("No such report.")
    year, month = _period(request)
    return queries.build_report(
        kind, year, month, program_id=_program_id(request),
        by_department=request.GET.get("departments") == "1",
    )  # fmt: skip


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_reports(request.user))
    year, month = queries.last_complete_month(timezone.localdate())
    return render(
        request,
        "reports/index.html",
        {"kinds": ReportKind.choices, "year": year, "month": month,
         "can_edit": permissions.can_edit_reports(request.user)},
    )  # fmt: skip


@login_required
@require_GET
def report_detail(request: AuthedRequest, kind: str) -> HttpResponse:
    report = _report(request, kind)
    note_text = report.note.text if report.note else ""
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "columns": queries.COLUMNS,
            "kinds": ReportKind.choices,
            "months": MONTHS,
            "programs": queries.key_programs() if kind == ReportKind.PROGRAM else [],
            "program_id": _program_id(request),
            "departments": request.GET.get("departments") == "1",
            "query": request.GET.urlencode(),
            "note_form": NoteForm(initial={"text": note_text}),
            "can_edit": permissions.can_edit_reports(request.user),
        },
    )


@login_required
@require_GET
def report_pdf(request: AuthedRequest, kind: str) -> HttpResponse:
    report = _report(request, kind)
    try:
        content = exports.render_pdf(report)
    except exports.ExportError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, "pdf")}"'
    return response


@login_required
@require_GET
def report_xlsx(request: AuthedRequest, kind: str) -> HttpResponse:
    report = _report(request, kind)
    response = HttpResponse(exports.render_xlsx(report), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, "xlsx")}"'
    return response


@login_required
@require_POST
def note_save(request: AuthedRequest, kind: str) -> HttpResponse:
    require(permissions.can_edit_reports(request.user))
    period, form = PeriodForm(request.POST), NoteForm(request.POST)
    if kind not in ReportKind.values or not period.is_valid():
        raise Http404("No such report.")
    year, month = period.cleaned_data["year"], period.cleaned_data["month"]
    scope = request.POST.get("scope", "company")
    back = reverse("reports:report", args=[kind]) + "?" + request.POST.get("query", "")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("text", [])))
        return redirect(back)
    try:
        actions.save_note(
            actor=request.user, kind=kind, scope=scope, year=year, month=month,
            text=form.cleaned_data["text"],
        )  # fmt: skip
    except actions.Error as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The interpretation is saved.")
    return redirect(back + "#interpretation")


@login_required
@require_http_methods(["GET", "POST"])
def plans(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_reports(request.user))
    scope_key = request.GET.get("scope", "company")
    scope = queries.scope_from_key(scope_key)
    year = _period(request)[0] if "year" not in request.GET else _year(request.GET["year"])
    rows = queries.plan_grid(scope, year)
    form = PlanGridForm(rows, request.POST or None)
    if request.method == "POST":
        require(permissions.can_edit_reports(request.user))
        if form.is_valid():
            written, deleted = actions.save_plans(
                actor=request.user, scope=scope, year=year, rows=form.plan_values()
            )
            messages.success(request, f"Plans saved for {year}: {written} set, {deleted} cleared.")
            query = urlencode({"scope": scope_key, "year": year})
            return redirect(f"{reverse('reports:plans')}?{query}")
        messages.error(request, "Nothing was saved: correct the cells marked in red.")
    return render(
        request,
        "reports/plans.html",
        {
            "form": form, "scope": scope, "scope_key": scope_key, "year": year,
            "scopes": queries.plan_scopes(), "months": MONTHS,
            "can_edit": permissions.can_edit_reports(request.user),
        },
    )  # fmt: skip


def _year(raw: str) -> int:
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:  # noqa: PLR2004
        raise Http404("No such year.")
    return int(raw)
