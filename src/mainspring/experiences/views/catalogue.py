from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.experiences import catalog_import_tasks as import_tasks
from mainspring.experiences import permissions
from mainspring.experiences.actions import Error
from mainspring.experiences.actions import catalogue as actions
from mainspring.experiences.catalog_forms import (
    CatalogSearchForm,
    CatalogUploadForm,
    ItemSkillsForm,
    LibraryForm,
    RoleLevelForm,
    SkillLinkForm,
    SkillsUploadForm,
)
from mainspring.experiences.models import CatalogItem, Skill
from mainspring.experiences.queries import catalogue as queries
from mainspring.org import actions as org_actions
from mainspring.org.forms import ImportMappingForm
from mainspring.org.models import ImportJob, ImportKind, ImportStatus
from mainspring.web.http import AuthedRequest, require

PAGE = 50
ERRORS_PAGE = 50
RECENT = 10
SUGGESTIONS = 10


@login_required
@require_GET
def catalog_search(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_catalogue(request.user))
    form = CatalogSearchForm(request.GET or None, choices=queries.filter_choices())
    items = queries.search_items(form.filters())
    page = Paginator(items, PAGE).get_page(request.GET.get("page"))
    template = "experiences/catalog_search.html" + ("#results" if request.htmx else "")
    return render(
        request,
        template,
        {"form": form, "page": page, "can_design": permissions.can_design(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalog_item(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_catalogue(request.user))
    item = queries.get_item(pk)
    can_design = permissions.can_design(request.user)
    form = ItemSkillsForm(request.POST or None, initial={"skills": list(item.skills.all())})
    if request.method == "POST":
        require(can_design)
        if form.is_valid():
            actions.link_skills(actor=request.user, skills=form.cleaned_data["skills"], item=item)
            messages.success(request, "Skills saved.")
            return redirect("experiences:catalog-item", pk=item.pk)
    return render(
        request,
        "experiences/catalog_item.html",
        {
            "item": item,
            "steps": queries.steps_using(item),
            "skills": item.skills.all(),
            "form": form,
            "can_design": can_design,
        },
    )


@login_required
@require_POST
def catalog_item_active(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    item = queries.get_item(pk)
    active = request.POST.get("active") == "1"
    actions.set_item_active(actor=request.user, item=item, active=active)
    messages.success(request, "Back in the catalogue." if active else "Retired from the catalogue.")
    return redirect("experiences:catalog-item", pk=item.pk)


@login_required
@require_GET
def library_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_catalogue(request.user))
    return render(
        request,
        "experiences/library_list.html",
        {"usage": queries.library_usage(), "can_design": permissions.can_design(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.can_design(request.user))
    library = queries.get_library(pk) if pk is not None else None
    initial = (
        {"name": library.name, "vendor": library.vendor, "annual_cost": library.annual_cost}
        if library
        else {}
    )
    form = LibraryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_library(actor=request.user, library=library, **form.cleaned_data)
        except Error as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, "Library saved.")
            return redirect("experiences:library-list")
    return render(request, "experiences/library_edit.html", {"form": form, "library": library})


@login_required
@require_GET
def skill_tree(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_catalogue(request.user))
    return render(
        request,
        "experiences/skill_tree.html",
        {"nodes": queries.skills_tree(), "can_design": permissions.can_design(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def skill_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_catalogue(request.user))
    skill = Skill.objects.select_related("parent").filter(pk=pk).first()
    if skill is None:
        raise Http404
    can_design = permissions.can_design(request.user)
    form = RoleLevelForm(request.POST or None)
    if request.method == "POST":
        require(can_design)
        if form.is_valid():
            level = form.cleaned_data["level"] or None
            actions.set_role_skill(
                actor=request.user, job_role=form.cleaned_data["job_role"], skill=skill, level=level
            )
            messages.success(request, "Role level saved." if level else "Role level removed.")
            return redirect("experiences:skill-detail", pk=skill.pk)
    return render(
        request,
        "experiences/skill_detail.html",
        {
            "skill": skill,
            "children": skill.children.all(),
            "levels": skill.role_levels.select_related("job_role").order_by("job_role__name"),
            "items": skill.catalog_items.filter(active=True)[:50],
            "needs": skill.needs.all(),
            "steps": skill.steps.select_related("path").order_by("path__title", "position"),
            "form": form,
            "link_form": SkillLinkForm() if can_design else None,
            "can_design": can_design,
        },
    )


@login_required
@require_POST
def skill_link(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    skill = Skill.objects.filter(pk=pk).first()
    if skill is None:
        raise Http404
    form = SkillLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect("experiences:skill-detail", pk=skill.pk)
    linked = request.POST.get("unlink") is None
    data = form.cleaned_data
    actions.link_skill(
        actor=request.user, skill=skill, need=data["need"], step=data["step"], linked=linked
    )
    target = data["need"] or data["step"]
    messages.success(request, f"{'Linked' if linked else 'Unlinked'} “{skill}” and “{target}”.")
    return redirect("experiences:skill-detail", pk=skill.pk)


@login_required
@require_GET
def catalog_suggest(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_catalogue(request.user))
    step = need = None
    if request.GET.get("step", "").isdigit():
        step = queries.get_step(int(request.GET["step"]))
        text = queries.step_text(step)
        exclude = (step.catalog_item_id,) if step.catalog_item_id else ()
    elif request.GET.get("need", "").isdigit():
        need = queries.get_need(int(request.GET["need"]))
        text, exclude = queries.need_text(need), ()
    else:
        text, exclude = request.GET.get("q", "").strip(), ()
    suggestions = queries.suggestions_for(text, SUGGESTIONS, exclude) if text else []
    template = "experiences/catalog_suggest.html" + ("#suggestions" if request.htmx else "")
    return render(
        request,
        template,
        {
            "step": step,
            "need": need,
            "q": request.GET.get("q", ""),
            "suggestions": suggestions,
            "can_curate": step is not None and permissions.can_design(request.user),
        },
    )


@login_required
@require_POST
def catalog_curate(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_design(request.user))
    step_id, item_id = request.POST.get("step", ""), request.POST.get("item", "")
    if not step_id.isdigit():
        raise Http404
    step = queries.get_step(int(step_id))
    item = CatalogItem.objects.filter(pk=int(item_id)).first() if item_id.isdigit() else None
    try:
        actions.curate_item(actor=request.user, step=step, item=item)
    except Error as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"'{item.title}' now delivers '{step.title}'." if item else "Catalogue item removed.",
        )
    return redirect(reverse("experiences:catalog-suggest") + f"?step={step.pk}")


# --- imports: upload, match columns, check, apply


def _import_job(request: AuthedRequest, pk: int) -> ImportJob:
    require(permissions.can_design(request.user))
    job = ImportJob.objects.filter(pk=pk, kind__in=import_tasks.KINDS).first()
    if job is None:
        raise Http404("No such import.")
    return job


def _import_new(request: AuthedRequest, kind: str) -> HttpResponse:
    require(permissions.can_design(request.user))
    catalog = kind == ImportKind.CATALOG
    form: Any = (CatalogUploadForm if catalog else SkillsUploadForm)(
        request.POST or None, request.FILES or None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = (
            {"library": data["library"].strip(), "deactivate_missing": data["deactivate_missing"]}
            if catalog
            else {}
        )
        try:
            job = import_tasks.start(
                actor=request.user, kind=kind, upload=data["file"], options=options
            )
        except Error as error:
            form.add_error("file", str(error))
        else:
            return redirect("experiences:catalog-import-detail", pk=job.pk)
    recent = ImportJob.objects.filter(kind=kind).select_related("created_by")[:RECENT]
    return render(
        request,
        "experiences/catalog_import_new.html",
        {"form": form, "catalog": catalog, "recent": recent},
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalog_import_new(request: AuthedRequest) -> HttpResponse:
    return _import_new(request, ImportKind.CATALOG)


@login_required
@require_http_methods(["GET", "POST"])
def skill_import_new(request: AuthedRequest) -> HttpResponse:
    return _import_new(request, ImportKind.SKILLS)


@login_required
@require_http_methods(["GET", "POST"])
def catalog_import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _import_job(request, pk)
    form = None
    if job.status in (ImportStatus.UPLOADED, ImportStatus.VALIDATED, ImportStatus.INVALID,
                      ImportStatus.FAILED):  # fmt: skip
        form = ImportMappingForm(
            request.POST or None,
            initial={f"map_{k}": v for k, v in job.mapping.items()},
            fields=import_tasks.FIELDS[job.kind],
            headers=job.summary.get("headers", []),
            kind=job.kind,
        )
        if request.method == "POST" and form.is_valid():
            try:
                import_tasks.configure(actor=request.user, job=job, mapping=form.mapping())
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except import_tasks.NotReadyError as error:
                messages.error(request, str(error))
            else:
                return redirect("experiences:catalog-import-detail", pk=job.pk)
    running = job.status in (ImportStatus.VALIDATING, ImportStatus.APPLYING)
    if request.htmx and not running:
        # The job finished while the page polled: reload it whole, errors and all.
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    template = "experiences/catalog_import_detail.html" + ("#status" if request.htmx else "")
    context = {
        "job": job,
        "catalog": job.kind == ImportKind.CATALOG,
        "form": form,
        "errors": Paginator(job.errors, ERRORS_PAGE).get_page(request.GET.get("page")),
        "running": running,
        "progress": org_actions.get_progress(job.pk),
    }
    return render(request, template, context)


@login_required
@require_POST
def catalog_import_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _import_job(request, pk)
    valid_only = request.POST.get("valid_rows_only") == "1"
    try:
        import_tasks.request_apply(actor=request.user, job=job, valid_rows_only=valid_only)
    except import_tasks.NotReadyError as error:
        messages.error(request, str(error))
    return redirect("experiences:catalog-import-detail", pk=job.pk)


@login_required
@require_POST
def catalog_import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _import_job(request, pk)
    try:
        org_actions.cancel_import(actor=request.user, job=job)
    except org_actions.ImportNotReadyError as error:
        messages.error(request, str(error))
        return redirect("experiences:catalog-import-detail", pk=job.pk)
    messages.success(request, f"Cancelled the import of {job.original_name}.")
    new = "catalog-import-new" if job.kind == ImportKind.CATALOG else "skill-import-new"
    return redirect(f"experiences:{new}")


@login_required
@require_GET
def catalog_import_errors_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _import_job(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{job.kind}-import-{job.pk}-errors.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["row", "column", "value", "message"])
    for error in job.errors:
        writer.writerow([error["row"], error["column"], error["value"], error["message"]])
    if job.error_count > len(job.errors):
        more = job.error_count - len(job.errors)
        writer.writerow(["", "", "", f"... and {more} more errors: fix these and check again, "
                         f"or use 'mainspring import {job.kind} --errors-csv'."])  # fmt: skip
    return response
