"""Impact studies in the web UI: the list, a new study, its progress and its result."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from mainspring.experiences.models import Program
from mainspring.impact import actions, charts, permissions, queries, studies, wording
from mainspring.impact.estimators import Estimate
from mainspring.impact.forms import StudyForm
from mainspring.impact.models import ImpactStudy, StudyStatus
from mainspring.web.http import AuthedRequest, require

PAGE = 25
CHART_CACHE_SECONDS = 7 * 24 * 3600


@login_required
@require_GET
def study_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_impact(request.user))
    page = Paginator(queries.studies_visible_to(request.user), PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "can_run": permissions.can_run_studies(request.user)}
    return render(request, "impact/study_list.html", context)


def _chosen_program(request: AuthedRequest) -> Program | None:
    raw = request.POST.get("program") or request.GET.get("program") or ""
    return Program.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def study_new(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_run_studies(request.user))
    program = _chosen_program(request)
    if request.method == "POST":
        form = StudyForm(request.POST, program=program)
        if form.is_valid():
            data = form.cleaned_data
            study = actions.start_study(
                actor=request.user,
                program=data["program"],
                kpi=data["kpi_obj"],
                level=data["level"],
                share=data["share"],
                method=data["method"],
                covariates=data["covariates"],
            )
            return redirect("impact:study-detail", pk=study.pk)
    else:
        form = StudyForm(initial={"program": program}, program=program)
    template = "impact/study_new.html#form" if request.htmx else "impact/study_new.html"
    return render(request, template, {"form": form})


def result_context(study: ImpactStudy) -> dict[str, Any]:
    """What the result page shows beyond the row: the sentence, the charts, the warnings."""
    if study.result is None:
        return {}
    estimate = studies.estimate_from_result(study.result)
    kpi = study.kpi
    per = wording.unit_period(study.level, kpi.get_level_display(), kpi.period)
    context: dict[str, Any] = {
        "warnings": estimate.warnings,
        "naive_description": estimate.naive_description,
        "event_points": estimate.event_study,
        "per": per,
        "pre_trend": wording.pre_trend_words(study.pre_trend_p_value),
        "method_words": wording.METHOD_WORDS.get(study.method, study.method),
        "grade_words": wording.GRADE_WORDS.get(study.evidence_grade, ""),
    }
    if study.has_estimate and study.estimate is not None:
        label = kpi.get_level_display()
        context["headline"] = wording.headline(
            program=study.program.title,
            kpi=kpi.name,
            estimate=study.estimate,
            ci_low=study.ci_low,
            ci_high=study.ci_high,
            grade=study.evidence_grade,
            method=study.method,
            per=per,
            exposed=wording.units_word(study.level, label, study.n_units_exposed),
            comparison=wording.units_word(study.level, label, study.n_units_comparison),
        )
    if estimate.event_study or estimate.series:
        event_chart, kpi_chart = _charts(study, estimate)
        context["event_chart"] = mark_safe(event_chart)  # noqa: S308  (our SVG, see inline_svg)
        context["kpi_chart"] = mark_safe(kpi_chart)  # noqa: S308  (our SVG, see inline_svg)
    return context


def _charts(study: ImpactStudy, estimate: Estimate) -> tuple[str, str]:
    # A finished study never changes, so its charts are drawn once (matplotlib takes a
    # second or two) and kept; the key carries the finish time in case a row is rewritten.
    key = f"impact:charts:{study.pk}:{study.finished_at and study.finished_at.timestamp()}"
    cached = cache.get(key)
    if isinstance(cached, tuple):
        return cached
    drawn = (
        charts.inline_svg(charts.event_study_chart(estimate)),
        charts.inline_svg(charts.kpi_chart(estimate)),
    )
    cache.set(key, drawn, CHART_CACHE_SECONDS)
    return drawn


@login_required
@require_GET
def study_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_impact(request.user))
    study = queries.get_study_for(request.user, pk)
    context: dict[str, Any] = {
        "study": study,
        "can_run": permissions.can_run_studies(request.user),
    }
    if request.htmx and study.is_running:
        return render(request, "impact/study_detail.html#status", context)
    if request.htmx:
        # Finished while the page polled: reload the whole page to show the result.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context.update(result_context(study))
    return render(request, "impact/study_detail.html", context)


PDF_MISSING = (
    "The PDF needs the Pango library on the server (apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0). The study's page works without it: print it from the browser."
)


@login_required
@require_GET
def study_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_impact(request.user))
    study = queries.get_study_for(request.user, pk)
    if study.status != StudyStatus.DONE:
        raise Http404("This study has not finished.")
    html = render_to_string("impact/study_print.html", {"study": study, **result_context(study)})
    try:
        import weasyprint  # noqa: PLC0415  (needs the system Pango library)
    except OSError:
        return HttpResponse(PDF_MISSING, status=503, content_type="text/plain; charset=utf-8")
    pdf = weasyprint.HTML(string=html).write_pdf()  # self-contained: fetches nothing
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="impact-study-{study.pk}.pdf"'
    return response
