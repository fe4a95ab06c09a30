from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms import ChoiceField
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.org import actions, permissions, queries
from mainspring.org.forms import (
    ImportMappingForm,
    ImportUploadForm,
    NewPersonForm,
    NewUserForm,
    OrgUnitForm,
    PeopleSearchForm,
    PersonForm,
    UserForm,
)
from mainspring.org.models import (
    ImportJob,
    ImportKind,
    ImportStatus,
    OrgUnit,
    Person,
    UnitKind,
    User,
)
from mainspring.web.history import attach_changes
from mainspring.web.http import AuthedRequest, require

PAGE = 50


# ----------------------------------------------------------------------------- people


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    if permissions.can_view_people_directory(request.user):
        return redirect("org:person-list")
    require(permissions.can_view_org_structure(request.user))
    return redirect("org:unit-tree")


@login_required
@require_GET
def person_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_people_directory(request.user))
    # Teams are too many to list (thousands in a large company); filter by anything above.
    units = queries.units_visible_to(request.user).exclude(kind=UnitKind.TEAM)
    form = PeopleSearchForm(request.GET or None, units=units)
    people = queries.people_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        people = queries.search_people(
            people,
            data["q"],
            data["unit"],
            data["role"].pk if data["role"] else None,
            data["status"] or "active",
        )
    else:
        people = queries.search_people(people)
    page = Paginator(people, PAGE).get_page(request.GET.get("page"))
    template = "org/person_list.html#results" if request.htmx else "org/person_list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
@require_GET
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    reports = person.reports.select_related("job_role").filter(active=True)
    history = None
    if permissions.can_view_history_of(request.user):
        history = attach_changes(
            person.history.select_related("history_user").order_by("-history_date")[:50]
        )
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "chain": queries.manager_chain(person),
            "reports": reports[:100],
            "report_count": reports.count(),
            "history": history,
            "can_edit": permissions.can_edit_people(request.user),
            "can_export": permissions.can_export_person(request.user, person),
            "can_erase": permissions.can_erase_person(request.user),
        },
    )


@login_required
@require_GET
def me(request: AuthedRequest) -> HttpResponse:
    if request.user.person_id is None:
        raise Http404("Your login is not linked to a person.")
    return redirect("org:person-detail", pk=request.user.person_id)


@login_required
@require_GET
def team(request: AuthedRequest) -> HttpResponse:
    if request.user.person_id is None:
        raise Http404("Your login is not linked to a person.")
    people = queries.people_visible_to(request.user).filter(
        pk__in=queries.team_below(request.user.person_id), active=True
    )
    page = Paginator(people, PAGE).get_page(request.GET.get("page"))
    return render(request, "org/team.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    person = queries.get_person_for(request.user, pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = _changes(data)
        try:
            actions.update_person(
                actor=request.user, person=person, changes=changes, reason=data["reason"]
            )
        except actions.ManagerLoopError as error:
            form.add_error("manager", str(error))
        except actions.Error as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Saved {person}.")
            return redirect("org:person-detail", pk=person.pk)
    return render(request, "org/person_edit.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    form = NewPersonForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = actions.create_person(
                actor=request.user, hris_id=data["hris_id"], changes=_changes(data),
                reason=data["reason"],
            )  # fmt: skip
        except actions.Error as error:
            form.add_error("hris_id" if "HRIS" in str(error) else "email", str(error))
        else:
            messages.success(request, f"Added {person}.")
            return redirect("org:person-detail", pk=person.pk)
    return render(request, "org/person_edit.html", {"form": form, "person": None})


def _changes(data: dict[str, Any]) -> actions.PersonChanges:
    return actions.PersonChanges(
        first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
        org_unit=data["org_unit"], job_role=data["job_role"], manager=data["manager"],
        location=data["location"], hire_date=data["hire_date"], active=data["active"],
    )  # fmt: skip


@login_required
@require_GET
def person_export(request: AuthedRequest, pk: int) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    require(permissions.can_export_person(request.user, person))
    data = json.dumps(queries.person_data_export(person), indent=2, ensure_ascii=False)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.hris_id}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_erase_person(request.user))
    person = queries.get_person_for(request.user, pk)
    if request.method == "POST":
        if request.POST.get("confirm_hris_id", "").strip() != person.hris_id:
            messages.error(request, "Type the person's HRIS id to confirm the erasure.")
        else:
            label = actions.erase_person(actor=request.user, person=person)
            messages.success(request, f"Erased {label} and their history.")
            return redirect("org:person-list")
    return render(request, "org/person_erase.html", {"person": person})


# ----------------------------------------------------------------------------- org units


def _with_headcount(units: Any) -> list[OrgUnit]:
    return list(
        units.annotate(
            direct=Count("people", distinct=True), subunits=Count("children", distinct=True)
        )
    )


@login_required
@require_GET
def unit_tree(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_org_structure(request.user))
    visible = queries.units_visible_to(request.user)
    first = visible.order_by("depth").first()
    roots = visible.filter(depth=first.depth) if first else visible.none()
    return render(
        request,
        "org/unit_tree.html",
        {
            "units": _with_headcount(roots.order_by("name")),
            "can_edit": permissions.can_edit_people(request.user),
        },
    )


@login_required
@require_GET
def unit_children(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_org_structure(request.user))
    unit = queries.get_unit_for(request.user, pk)
    children = queries.units_visible_to(request.user).filter(parent=unit).order_by("name")
    return render(request, "org/unit_tree.html#children", {"units": _with_headcount(children)})


@login_required
@require_GET
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_org_structure(request.user))
    unit = queries.get_unit_for(request.user, pk)
    children = _with_headcount(unit.children.order_by("name"))
    context: dict[str, Any] = {
        "unit": unit,
        "ancestors": [
            u
            for u in queries.unit_ancestors(unit)
            if queries.units_visible_to(request.user).filter(pk=u.pk).exists()
        ],
        "children": children,
        "headcount": Person.objects.filter(
            active=True, org_unit__path__startswith=unit.path
        ).count(),
        "can_edit": permissions.can_edit_people(request.user),
        "show_people": permissions.can_view_people_directory(request.user),
    }
    if context["show_people"]:
        people = queries.search_people(queries.people_visible_to(request.user), unit=unit)
        context["page"] = Paginator(people, PAGE).get_page(request.GET.get("page"))
    if permissions.can_view_history_of(request.user):
        context["history"] = attach_changes(
            unit.history.select_related("history_user").order_by("-history_date")[:20]
        )
    return render(request, "org/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    unit = queries.get_unit_for(request.user, pk) if pk else None
    initial: dict[str, Any] = {}
    if unit is not None:
        initial = {"code": unit.code, "name": unit.name, "kind": unit.kind, "parent": unit.parent}
    elif request.GET.get("parent"):
        initial = {"parent": OrgUnit.objects.filter(pk=request.GET["parent"]).first()}
    form = OrgUnitForm(request.POST or None, initial=initial, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if unit is None:
                unit = actions.create_org_unit(
                    actor=request.user,
                    code=data["code"],
                    name=data["name"],
                    kind=data["kind"],
                    parent=data["parent"],
                )
            else:
                actions.update_org_unit(
                    actor=request.user,
                    unit=unit,
                    name=data["name"],
                    kind=data["kind"],
                    parent=data["parent"],
                    reason=data["reason"],
                )
        except actions.Error as error:
            form.add_error("parent", str(error))
        else:
            messages.success(request, f"Saved {unit}.")
            return redirect("org:unit-detail", pk=unit.pk)
    return render(request, "org/unit_edit.html", {"form": form, "unit": unit})


# ----------------------------------------------------------------------------- users


@login_required
@require_GET
def user_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_manage_users(request.user))
    users = User.objects.select_related("person").order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(username__icontains=q)
    page = Paginator(users, PAGE).get_page(request.GET.get("page"))
    return render(request, "org/user_list.html", {"page": page, "q": q})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.can_manage_users(request.user))
    target = User.objects.filter(pk=pk).first() if pk else None
    if pk and target is None:
        raise Http404("No such user.")
    form: UserForm
    if target is None:
        form = NewUserForm(request.POST or None)
    else:
        form = UserForm(
            request.POST or None,
            initial={
                "role": target.role,
                "person": target.person.hris_id if target.person else "",
                "scope_units": target.scope_units.all(),
                "is_active": target.is_active,
            },
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if target is None:
                target = actions.create_user(
                    actor=request.user,
                    username=data["username"],
                    role=data["role"],
                    password=data["password"] or None,
                    person=data["person"],
                    scope_units=data["scope_units"],
                    email=data["email"],
                )
            else:
                actions.update_user(
                    actor=request.user,
                    user=target,
                    role=data["role"],
                    person=data["person"],
                    scope_units=data["scope_units"],
                    is_active=data["is_active"],
                )
        except actions.Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the login {target.username}.")
            return redirect("org:user-list")
    return render(request, "org/user_edit.html", {"form": form, "target": target})


# ----------------------------------------------------------------------------- import wizard


@login_required
@require_GET
def import_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    jobs = queries.import_jobs_visible_to(request.user).filter(
        kind__in=list(actions.FIELDS_BY_KIND)
    )
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(request, "org/import_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": request.GET.get("kind", ImportKind.PEOPLE)},
    )
    kind = form.fields["kind"]
    assert isinstance(kind, ChoiceField)
    kind.choices = [c for c in ImportKind.choices if c[0] in actions.FIELDS_BY_KIND]
    if request.method == "POST" and form.is_valid():
        try:
            job, _headers = actions.start_import(
                actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except actions.Error as error:
            form.add_error("file", str(error))
        else:
            return redirect("org:import-detail", pk=job.pk)
    return render(request, "org/import_new.html", {"form": form})


def _org_job(request: AuthedRequest, pk: int) -> ImportJob:
    # Other apps keep their imports (KPI values) in ImportJob too, with their own wizard.
    job = queries.get_import_job_for(request.user, pk)
    if job.kind not in actions.FIELDS_BY_KIND:
        raise Http404("No such import.")
    return job


def _mapping_form(job: Any, data: Any = None) -> ImportMappingForm:
    fields = actions.FIELDS_BY_KIND[ImportKind(job.kind)]
    initial = {f"map_{k}": v for k, v in job.mapping.items()}
    initial.update(
        {
            "deactivate_missing": job.options.get("deactivate_missing", True),
            "date_format": job.options.get("date_format", ""),
        }
    )
    return ImportMappingForm(
        data, initial=initial, fields=fields, headers=job.summary.get("headers", []), kind=job.kind
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    job = _org_job(request, pk)
    form = None
    if job.status in (
        ImportStatus.UPLOADED,
        ImportStatus.VALIDATED,
        ImportStatus.INVALID,
        ImportStatus.FAILED,
    ):
        form = _mapping_form(job, request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                actions.configure_import(
                    actor=request.user, job=job, mapping=form.mapping(), options=form.options()
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except actions.ImportNotReadyError as error:
                messages.error(request, str(error))
            else:
                return redirect("org:import-detail", pk=job.pk)
    errors = Paginator(job.errors, PAGE).get_page(request.GET.get("page"))
    running = job.status in (ImportStatus.VALIDATING, ImportStatus.APPLYING)
    if request.htmx and not running:
        # The job finished while the page polled: reload it whole, errors and all.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    template = "org/import_detail.html#status" if request.htmx else "org/import_detail.html"
    return render(
        request,
        template,
        {
            "job": job,
            "form": form,
            "errors": errors,
            "running": running,
            "progress": actions.get_progress(job.pk),
        },
    )


@login_required
@require_POST
def import_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    job = _org_job(request, pk)
    try:
        actions.request_apply(
            actor=request.user, job=job, valid_rows_only=request.POST.get("valid_rows_only") == "1"
        )
    except actions.ImportNotReadyError as error:
        messages.error(request, str(error))
    return redirect("org:import-detail", pk=job.pk)


@login_required
@require_POST
def import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    job = _org_job(request, pk)
    try:
        actions.cancel_import(actor=request.user, job=job)
    except actions.ImportNotReadyError as error:
        messages.error(request, str(error))
        return redirect("org:import-detail", pk=job.pk)
    messages.success(request, f"Cancelled the import of {job.original_name}.")
    return redirect("org:import-list")


@login_required
@require_GET
def import_errors_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    job = _org_job(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    writer = csv.writer(response)
    writer.writerow(["row", "column", "value", "message"])
    for error in job.errors:
        writer.writerow([error["row"], error["column"], error["value"], error["message"]])
    if job.error_count > len(job.errors):
        writer.writerow(
            [
                "",
                "",
                "",
                f"... and {job.error_count - len(job.errors)} more errors: "
                "fix these and check the file again, or use 'mainspring import "
                "--errors-csv' for the full list.",
            ]
        )
    return response


@login_required
@require_GET
def import_template_csv(request: AuthedRequest, kind: str) -> HttpResponse:
    require(permissions.can_edit_people(request.user))
    try:
        fields = actions.FIELDS_BY_KIND[ImportKind(kind)]
    except (ValueError, KeyError):
        raise Http404("No such import kind.") from None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    csv.writer(response).writerow([f.label for f in fields])
    return response
