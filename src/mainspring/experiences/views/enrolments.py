from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.experiences import completion_imports, permissions
from mainspring.experiences.actions import Error
from mainspring.experiences.actions import enrolments as actions
from mainspring.experiences.models import AudienceRule, EnrolmentStatus, ProgressStatus
from mainspring.experiences.queries import enrolments as queries
from mainspring.org import imports
from mainspring.org.models import JobRole, OrgUnit, Person
from mainspring.org.permissions import has_team
from mainspring.web.http import AuthedRequest, require
from mainspring.web.widgets import DateInput

PAGE = 50
UPLOADS = "imports/completions"


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


class RuleForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example: New drivers in the North.")
    org_unit = UnitChoiceField(
        OrgUnit.objects.order_by("path"),
        required=False,
        label="Org unit (with everything below it)",
        empty_label="Any unit",
    )
    job_roles = forms.ModelMultipleChoiceField(
        JobRole.objects.all(),
        required=False,
        help_text="Leave empty for any job role; hold Ctrl (⌘ on a Mac) to choose several.",
    )
    location = forms.CharField(max_length=200, required=False, help_text="Empty: any location.")
    hired_within_days = forms.IntegerField(
        min_value=0,
        required=False,
        label="Hired within (days)",
        help_text="Only people hired at most this many days ago; empty: anyone.",
    )
    due_days = forms.IntegerField(
        min_value=0, max_value=3650, initial=30, label="Days to finish", help_text="From enrolment."
    )
    active = forms.BooleanField(required=False, initial=True, label="Enrol people by this rule")

    def data_for_rule(self) -> actions.RuleData:
        d = self.cleaned_data
        return actions.RuleData(
            name=d["name"],
            job_roles=list(d["job_roles"]),
            org_unit=d["org_unit"],
            hired_within_days=d["hired_within_days"],
            location=d["location"],
            due_days=d["due_days"],
            active=d["active"],
        )


class EnrolForm(forms.Form):
    person = forms.CharField(label="Person", help_text="Their HRIS id or e-mail address.")
    due_date = forms.DateField(required=False, widget=DateInput(), label="Due date")


class FilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *EnrolmentStatus.choices]
    )
    overdue = forms.BooleanField(required=False, label="Overdue only")


class UploadForm(forms.Form):
    file = forms.FileField(label="Completions file (CSV or Excel)")
    date_format = forms.CharField(
        required=False, label="Date format", help_text="Empty for YYYY-MM-DD; e.g. %d/%m/%Y."
    )


# ----------------------------------------------------------------------------- rules


@login_required
@require_GET
def rule_list(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    path = queries.get_path(pk)
    context = {"path": path, "rules": queries.rules_of(path)}
    return render(request, "experiences/rule_list.html", context)


def _rule_form(request: AuthedRequest, path: Any, rule: AudienceRule | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if rule is not None:
        initial = {
            "name": rule.name,
            "org_unit": rule.org_unit,
            "job_roles": list(rule.job_roles.all()),
            "location": rule.location,
            "hired_within_days": rule.hired_within_days,
            "due_days": rule.due_days,
            "active": rule.active,
        }
    form = RuleForm(request.POST or None, initial=initial or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.data_for_rule()
        if "preview" in request.POST:
            preview = queries.rule_preview(data, timezone.localdate())
        else:
            try:
                _, counts = actions.save_rule(actor=request.user, path=path, data=data, rule=rule)
            except Error as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Rule saved: {counts['enrolled']} enrolled, {counts['reactivated']} back, "
                    f"{counts['withdrawn']} withdrawn.",
                )
                return redirect("experiences:rule-list", pk=path.pk)
    context = {"path": path, "rule": rule, "form": form, "preview": preview}
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "experiences/rule_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rule_create(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    return _rule_form(request, queries.get_path(pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    rule = queries.get_rule(pk)
    return _rule_form(request, rule.path, rule)


# ----------------------------------------------------------------------------- enrolments


@login_required
@require_GET
def enrol_list(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    path = queries.get_path(pk)
    filters = FilterForm(request.GET)
    found = queries.enrolments_visible_to(request.user).filter(path=path)
    if filters.is_valid():
        today = timezone.localdate()
        found = queries.search_enrolments(
            found,
            text=filters.cleaned_data["q"],
            status=filters.cleaned_data["status"],
            overdue_on=today if filters.cleaned_data["overdue"] else None,
        )
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    rows = queries.progress_rows(list(page.object_list), timezone.localdate())
    context = {"path": path, "filters": filters, "page": page, "rows": rows, "form": EnrolForm()}
    if request.htmx:
        return render(request, "experiences/enrol_list.html#results", context)
    return render(request, "experiences/enrol_list.html", context)


def _person_named(text: str) -> Person | None:
    text = text.strip()
    if not text:
        return None
    return Person.objects.filter(Q(hris_id=text) | Q(email__iexact=text)).first()


@login_required
@require_POST
def enrol_add(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    path = queries.get_path(pk)
    form = EnrolForm(request.POST)
    if form.is_valid():
        person = _person_named(form.cleaned_data["person"])
        if person is None:
            form.add_error("person", "No one has this HRIS id or e-mail address.")
        else:
            try:
                actions.enrol_person(
                    actor=request.user,
                    person=person,
                    path=path,
                    due_date=form.cleaned_data["due_date"],
                )
            except Error as error:
                form.add_error("person", str(error))
            else:
                messages.success(request, f"{person} is enrolled on '{path.title}'.")
                return redirect("experiences:enrol-list", pk=path.pk)
    found = queries.enrolments_visible_to(request.user).filter(path=path)
    page = Paginator(queries.search_enrolments(found), PAGE).get_page(1)
    rows = queries.progress_rows(list(page.object_list), timezone.localdate())
    context = {"path": path, "filters": FilterForm(), "form": form, "page": page, "rows": rows}
    return render(request, "experiences/enrol_list.html", context, status=400)


def _detail_context(request: AuthedRequest, pk: int) -> dict[str, Any]:
    enrolment = queries.get_enrolment_for(request.user, pk)
    row = queries.progress_rows([enrolment], timezone.localdate(), with_steps=True)[0]
    return {
        "enrolment": enrolment,
        "row": row,
        "can_edit": permissions.can_manage_enrolments(request.user),
        "statuses": ProgressStatus.choices,
        "history": enrolment.history.select_related("history_user")[:20],
    }


@login_required
@require_GET
def enrol_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return render(request, "experiences/enrol_detail.html", _detail_context(request, pk))


@login_required
@require_POST
def enrol_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    enrolment = queries.get_enrolment_for(request.user, pk)
    try:
        actions.withdraw_enrolment(
            actor=request.user, enrolment=enrolment, reason=request.POST.get("reason", "")
        )
    except Error as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{enrolment.person} is withdrawn from '{enrolment.path}'.")
    return redirect("experiences:enrol-detail", pk=enrolment.pk)


@login_required
@require_POST
def progress_update(request: AuthedRequest, pk: int, step_pk: int) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    enrolment = queries.get_enrolment_for(request.user, pk)
    step = enrolment.path.steps.filter(pk=step_pk).first()
    if step is None:
        raise Http404("No such step on this path.")
    raw_score = request.POST.get("score", "").strip()
    try:
        score = float(raw_score) if raw_score else None
        actions.record_progress(
            actor=request.user,
            enrolment=enrolment,
            step=step,
            status=request.POST.get("status", ""),
            score=score,
        )
    except ValueError:
        error_text = f"'{raw_score}' is not a number; give the score as a percentage."
    except Error as error:
        error_text = str(error)
    else:
        error_text = ""
    context = {**_detail_context(request, pk), "error": error_text, "error_step": step.pk}
    if request.htmx:
        return render(request, "experiences/enrol_detail.html#steps", context)
    if error_text:
        messages.error(request, error_text)
    return redirect("experiences:enrol-detail", pk=enrolment.pk)


# ----------------------------------------------------------------------------- people


@login_required
@require_GET
def my_learning(request: AuthedRequest) -> HttpResponse:
    person = request.user.person if permissions.has_own_learning(request.user) else None
    rows = queries.my_learning(person, timezone.localdate()) if person else []
    context = {"person": person, "rows": rows, "today": timezone.localdate()}
    return render(request, "experiences/my_learning.html", context)


@login_required
@require_GET
def team(request: AuthedRequest) -> HttpResponse:
    require(has_team(request.user))
    person = request.user.person
    assert person is not None  # has_team needs a linked person
    members = queries.team_progress(person, timezone.localdate())
    return render(request, "experiences/team_progress.html", {"members": members})


@login_required
@require_GET
def progress(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_progress(request.user))
    today = timezone.localdate()
    context = {
        "programs": queries.unit_progress(request.user, today),
        "overdue": queries.overdue_enrolments(request.user, today)[:20],
    }
    return render(request, "experiences/progress_units.html", context)


# ----------------------------------------------------------------------------- exports


@login_required
@require_GET
def enrol_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Choose csv or xlsx.")
    found = queries.enrolments_visible_to(request.user)
    path_id = request.GET.get("path", "")
    if path_id.isdigit():
        found = found.filter(path_id=int(path_id))
    rows = queries.export_rows(found, timezone.localdate())
    name = f"enrolments-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(queries.EXPORT_HEADERS)
        writer.writerows(rows)
        response = HttpResponse(text.getvalue().encode("utf-8-sig"), content_type="text/csv")
    else:
        from openpyxl import Workbook  # noqa: PLC0415  (heavy, import on use)

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Enrolments")
        sheet.append(list(queries.EXPORT_HEADERS))
        for values in rows:
            sheet.append(list(values))
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ----------------------------------------------------------------------------- completions


def _check_upload(
    stored: str, original: str, date_format: str
) -> completion_imports.CompletionPlan:
    with default_storage.open(stored, "rb") as handle:
        table = imports.read_table(handle, original)
    mapping = imports.guess_mapping(table.headers, completion_imports.COMPLETION_FIELDS)
    problems = imports.check_mapping(table.headers, mapping, completion_imports.COMPLETION_FIELDS)
    if problems:
        raise imports.ImportFileError(
            " ".join(problems) + f" The file's columns are: {', '.join(table.headers)}."
        )
    return completion_imports.plan_completion_import(
        table,
        mapping,
        actions.existing_completions(),
        today=timezone.localdate(),
        date_format=date_format or None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def completion_import(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "fields": completion_imports.COMPLETION_FIELDS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = uuid.uuid4().hex
        stored = default_storage.save(f"{UPLOADS}/{token}", ContentFile(upload.read()))
        try:
            plan = _check_upload(stored, upload.name, form.cleaned_data["date_format"])
        except imports.ImportFileError as error:
            default_storage.delete(stored)
            form.add_error("file", str(error))
            return render(request, "experiences/completion_import.html", context, status=400)
        previous = request.session.get("completion_upload")
        if previous:  # a file checked before and never applied
            default_storage.delete(previous["stored"])
        request.session["completion_upload"] = {
            "stored": stored,
            "name": upload.name,
            "date_format": form.cleaned_data["date_format"],
        }
        context.update(plan=plan, counts=plan.counts(), errors=plan.errors[:200], name=upload.name)
    return render(request, "experiences/completion_import.html", context)


@login_required
@require_POST
def completion_apply(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_manage_enrolments(request.user))
    upload = request.session.get("completion_upload")
    if not upload or not default_storage.exists(upload["stored"]):
        messages.error(request, "Upload the file again: the checked file is no longer here.")
        return redirect("experiences:completion-import")
    try:
        # Checked again: the database may have changed since the preview.
        plan = _check_upload(upload["stored"], upload["name"], upload["date_format"])
        counts = actions.apply_completion_plan(
            plan,
            actor=request.user,
            reason=f"Completions import of {upload['name']}",
            allow_errors=request.POST.get("valid_only") == "1",
        )
    except (Error, imports.ImportFileError) as error:
        messages.error(request, str(error))
        return redirect("experiences:completion-import")
    default_storage.delete(upload["stored"])
    del request.session["completion_upload"]
    messages.success(
        request,
        f"Imported: progress on {counts['created'] + counts['updated']} steps, "
        f"{counts['kept']} already done and kept, "
        f"{counts['enrolments_changed']} enrolments completed or reopened.",
    )
    return redirect("experiences:completion-import")
