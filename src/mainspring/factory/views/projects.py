"""Ways of working (process templates, standards) and projects (tasks, the Gantt chart)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.factory.actions import Error
from mainspring.factory.actions import projects as actions
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.forms.projects import (
    ProgressForm,
    ProjectEditForm,
    ProjectFilterForm,
    ProjectForm,
    ReasonForm,
    StandardForm,
    TaskForm,
    TemplateForm,
    TemplateTaskForm,
    lines_of,
)
from mainspring.factory.models import Task
from mainspring.factory.permissions import can_edit_factory, can_view_factory
from mainspring.factory.queries import projects as queries
from mainspring.strategy.models import Milestone
from mainspring.web.http import AuthedRequest, form_status, require

PAGE = 25


def _refuse(form: forms.Form, error: Error, field: str | None = None) -> None:
    form.add_error(field, str(error))


# --- ways of working: process templates ---------------------------------------------------


@login_required
@require_GET
def template_list(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    ensure_defaults()
    rows = [(t, queries.typical_days(list(t.tasks.all()))) for t in queries.templates_listed()]
    context = {"rows": rows, "can_edit": can_edit_factory(request.user)}
    return render(request, "factory/template_list.html", context)


@login_required
@require_GET
def template_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_view_factory(request.user))
    template = queries.get_template(pk)
    tasks = list(template.tasks.order_by("order", "pk"))
    context = {
        "template": template,
        "phases": queries.template_layout(template, tasks),
        "problems": queries.template_problems(template),
        "days": queries.typical_days(tasks),
        "projects": template.projects.order_by("-start")[:10],
        "can_edit": can_edit_factory(request.user),
    }
    return render(request, "factory/template_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request: AuthedRequest) -> HttpResponse:
    return _template_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _template_form(request, pk)


def _template_form(request: AuthedRequest, pk: int | None) -> HttpResponse:
    require(can_edit_factory(request.user))
    template = queries.get_template(pk) if pk else None
    initial = TemplateForm.initial_for(template) if template else {}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_template(
                actor=request.user,
                template=template,
                name=data["name"],
                summary=data["summary"],
                phases=lines_of(data["phases"]),
                standards=data["standards"],
            )
        except Error as error:
            _refuse(form, error)
        else:
            messages.success(request, f"The way of working “{saved.name}” was saved.")
            return redirect("factory:template-detail", pk=saved.pk)
    context = {"form": form, "template": template}
    return render(request, "factory/template_form.html", context, status=form_status(form))


@login_required
@require_POST
def template_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    copy = actions.duplicate_template(actor=request.user, template=queries.get_template(pk))
    messages.success(request, f"“{copy.name}” was made: change it to suit.")
    return redirect("factory:template-detail", pk=copy.pk)


@login_required
@require_POST
def template_active(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    template = queries.get_template(pk)
    active = request.POST.get("active") == "1"
    actions.set_template_active(actor=request.user, template=template, active=active)
    if active:
        messages.success(request, f"“{template.name}” is offered for new projects again.")
    else:
        messages.success(
            request,
            f"“{template.name}” is no longer offered for new projects; "
            "projects started from it keep their tasks.",
        )
    return redirect("factory:template-detail", pk=template.pk)


@login_required
@require_http_methods(["GET", "POST"])
def template_task_new(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    ensure_defaults()
    return _template_task_form(request, queries.get_template(pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def template_task_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    task = queries.get_template_task(pk)
    return _template_task_form(request, task.template, task)


def _template_task_form(request: AuthedRequest, template: Any, task: Any) -> HttpResponse:
    initial = TemplateTaskForm.initial_for(task) if task else {}
    form = TemplateTaskForm(request.POST or None, initial=initial, template=template, task=task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_template_task(
                actor=request.user,
                template=template,
                task=task,
                **{k: v for k, v in data.items() if k != "checklist"},
                checklist=lines_of(data["checklist"]),
            )
        except Error as error:
            _refuse(form, error)
        else:
            messages.success(request, f"The standard task “{saved.name}” was saved.")
            return redirect("factory:template-detail", pk=template.pk)
    context = {"form": form, "template": template, "task": task}
    return render(request, "factory/template_task_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def template_task_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    task = queries.get_template_task(pk)
    if request.method == "POST":
        actions.delete_template_task(actor=request.user, task=task)
        messages.success(request, f"The standard task “{task.name}” was removed.")
        return redirect("factory:template-detail", pk=task.template.pk)
    waiting = [t for t in task.template.tasks.all() if task.code in t.after]
    context = {"task": task, "waiting": waiting}
    return render(request, "factory/template_task_delete.html", context)


# --- standards documents ------------------------------------------------------------------


@login_required
@require_GET
def standards(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    ensure_defaults()
    context = {"documents": queries.standards_listed(), "can_edit": can_edit_factory(request.user)}
    return render(request, "factory/standard_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_new(request: AuthedRequest) -> HttpResponse:
    return _standard_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _standard_form(request, pk)


def _standard_form(request: AuthedRequest, pk: int | None) -> HttpResponse:
    require(can_edit_factory(request.user))
    document = queries.get_standard(pk) if pk else None
    initial = StandardForm.initial_for(document) if document else {}
    form = StandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_standard(
                actor=request.user, document=document, **form.cleaned_data
            )
        except Error as error:
            _refuse(form, error, "title")
        else:
            messages.success(request, f"The standards document “{saved.title}” was saved.")
            return redirect("factory:standards")
    context = {"form": form, "document": document}
    return render(request, "factory/standard_form.html", context, status=form_status(form))


# --- projects -----------------------------------------------------------------------------


@login_required
@require_GET
def project_list(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    form = ProjectFilterForm(request.GET or None)
    status = (form.cleaned_data["status"] if form.is_valid() else "") or "open"
    plans = queries.project_rows(status, today=timezone.localdate())
    context = {
        "form": form,
        "status": status,
        "page": Paginator(plans, PAGE).get_page(request.GET.get("page")),
        "at_risk": sum(1 for p in plans if p.at_risk),
        "can_edit": can_edit_factory(request.user),
    }
    return render(request, "factory/project_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: AuthedRequest) -> HttpResponse:
    require(can_edit_factory(request.user))
    ensure_defaults()
    today = timezone.localdate()
    initial = {"start": queries.next_monday(today), "template": _default_template()}
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project = actions.start_project(actor=request.user, **form.cleaned_data)
        except Error as error:
            _refuse(form, error)
        else:
            messages.success(
                request,
                f"The project “{project.title}” was started with "
                f"{project.tasks.count()} tasks and baselined.",
            )
            return redirect("factory:project-detail", pk=project.pk)
    return render(request, "factory/project_new.html", {"form": form}, status=form_status(form))


def _default_template() -> int | None:
    first = queries.active_templates().filter(code="addie").first()
    return first.pk if first else None


@login_required
@require_GET
def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_view_factory(request.user))
    project, today = queries.get_project(pk), timezone.localdate()
    plan = queries.plan_for(project, today=today)
    context = {
        "project": project,
        "plan": plan,
        "groups": queries.task_table(plan),
        "chart": queries.gantt(plan, today=today),
        "today": today,
        "changes": project.changes.select_related("actor")[:50],
        "requests": project.requests.order_by("-submitted_at"),
        "milestones": Milestone.objects.filter(factory_task__project=project),
        "can_edit": can_edit_factory(request.user),
    }
    return render(request, "factory/project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    project = queries.get_project(pk)
    initial = ProjectEditForm.initial_for(project)
    form = ProjectEditForm(request.POST or None, initial=initial, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            logged = actions.update_project(
                actor=request.user, project=project, **form.cleaned_data
            )
        except actions.ReasonMissingError as error:
            _refuse(form, error, "reason")
        except Error as error:
            _refuse(form, error)
        else:
            noted = (
                f" {len(logged)} change{'s' if len(logged) != 1 else ''} logged." if logged else ""
            )
            messages.success(request, f"The project was saved.{noted}")
            return redirect("factory:project-detail", pk=project.pk)
    return _edit_page(request, project, form, ReasonForm())


def _edit_page(
    request: AuthedRequest, project: Any, form: ProjectEditForm, rebaseline: ReasonForm
) -> HttpResponse:
    context = {
        "form": form,
        "project": project,
        "rebaseline": rebaseline,
        "forecast": queries.plan_for(project, today=timezone.localdate()),
    }
    status = 400 if form.errors or rebaseline.errors else 200
    return render(request, "factory/project_edit.html", context, status=status)


@login_required
@require_POST
def project_rebaseline(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    project = queries.get_project(pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            plan = actions.rebaseline(
                actor=request.user, project=project, reason=form.cleaned_data["reason"]
            )
        except Error as error:
            _refuse(form, error, "reason")
        else:
            finish = f"{plan.finish:%d %b %Y}" if plan.finish else "no date (no tasks)"
            messages.success(request, f"Re-baselined: the plan now finishes {finish}.")
            return redirect("factory:project-detail", pk=project.pk)
    edit = ProjectEditForm(initial=ProjectEditForm.initial_for(project), project=project)
    return _edit_page(request, project, edit, form)


# --- tasks --------------------------------------------------------------------------------


def _others(project: Any) -> list[Task]:
    return list(project.tasks.order_by("order", "pk"))


def _phases(project: Any) -> list[str]:
    known = list(project.template.phases) if project.template else []
    extra = project.tasks.exclude(phase="").values_list("phase", flat=True).distinct()
    return list(dict.fromkeys([*known, *extra]))


def _save_task(request: AuthedRequest, form: TaskForm, task: Task | None) -> Task | None:
    data = {k: v for k, v in form.cleaned_data.items() if not k.startswith(("after_", "lag_"))}
    data["checklist"] = lines_of(data["checklist"])
    try:
        return actions.save_task(
            actor=request.user,
            project=form.project,
            task=task,
            waits_for=form.waits_for(),
            **data,
        )
    except Error as error:
        _refuse(form, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    project = queries.get_project(pk)
    form = TaskForm(request.POST or None, project=project, task=None, others=_others(project))
    if request.method == "POST" and form.is_valid():
        task = _save_task(request, form, None)
        if task is not None:
            if task.owner_id or task.vendor_id:
                messages.success(request, f"The task “{task.name}” was added.")
                return redirect("factory:project-detail", pk=project.pk)
            messages.success(
                request, f"The task “{task.name}” was added. Choose who does it: see below."
            )
            return redirect("factory:task-edit", pk=task.pk)
    context = {"form": form, "project": project, "task": None, "phases": _phases(project)}
    return render(request, "factory/task_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    task = queries.get_task(pk)
    form = TaskForm(
        request.POST or None,
        initial=TaskForm.initial_for(task),
        project=task.project,
        task=task,
        others=_others(task.project),
    )
    if request.method == "POST" and form.is_valid() and _save_task(request, form, task):
        messages.success(request, f"The task “{form.cleaned_data['name']}” was saved.")
        return redirect("factory:project-detail", pk=task.project.pk)
    progress = ProgressForm(initial=ProgressForm.initial_for(task), task=task)
    return _task_page(request, task, form, progress)


def _task_page(
    request: AuthedRequest, task: Task, form: TaskForm, progress: ProgressForm
) -> HttpResponse:
    today = timezone.localdate()
    plan = queries.plan_for(task.project, today=today)
    context = {
        "form": form,
        "progress": progress,
        "project": task.project,
        "task": task,
        "item": next((i for i in plan.tasks if i.task.pk == task.pk), None),
        "suggestions": queries.who_could_take(task, today),
        "phases": _phases(task.project),
    }
    status = 400 if form.errors or progress.errors else 200
    return render(request, "factory/task_form.html", context, status=status)


@login_required
@require_POST
def task_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    task = queries.get_task(pk)
    progress = ProgressForm(request.POST, task=task)
    if progress.is_valid():
        data = progress.cleaned_data
        try:
            actions.record_progress(
                actor=request.user,
                task=task,
                status=data["status"],
                today=timezone.localdate(),
                actual_start=data["actual_start"],
                actual_finish=data["actual_finish"],
                remaining_days=data["remaining_days"],
                checklist_done=progress.ticks(),
            )
        except Error as error:
            _refuse(progress, error)
        else:
            messages.success(request, f"Progress on “{task.name}” was recorded.")
            return redirect("factory:project-detail", pk=task.project.pk)
    task = queries.get_task(pk)  # as stored: the refused change was rolled back
    form = TaskForm(
        initial=TaskForm.initial_for(task),
        project=task.project,
        task=task,
        others=_others(task.project),
    )
    return _task_page(request, task, form, progress)


@login_required
@require_http_methods(["GET", "POST"])
def task_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    task = queries.get_task(pk)
    project = task.project
    if request.method == "POST":
        actions.delete_task(actor=request.user, task=task)
        messages.success(request, f"The task “{task.name}” was deleted.")
        return redirect("factory:project-detail", pk=project.pk)
    waiting = [d.task for d in task.dependents.select_related("task")]
    context = {"task": task, "project": project, "waiting": waiting}
    return render(request, "factory/task_delete.html", context)


urlpatterns: list[URLPattern] = [
    # --- ways of working
    path("templates/", template_list, name="template-list"),
    path("templates/new/", template_new, name="template-new"),
    path("templates/<int:pk>/", template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", template_edit, name="template-edit"),
    path("templates/<int:pk>/copy/", template_copy, name="template-copy"),
    path("templates/<int:pk>/active/", template_active, name="template-active"),
    path("templates/<int:pk>/tasks/new/", template_task_new, name="template-task-new"),
    path("template-tasks/<int:pk>/edit/", template_task_edit, name="template-task-edit"),
    path("template-tasks/<int:pk>/delete/", template_task_delete, name="template-task-delete"),
    path("standards/", standards, name="standards"),
    path("standards/new/", standard_new, name="standard-new"),
    path("standards/<int:pk>/edit/", standard_edit, name="standard-edit"),
    # --- projects and their tasks
    path("projects/", project_list, name="project-list"),
    path("projects/new/", project_new, name="project-new"),
    path("projects/<int:pk>/", project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", project_edit, name="project-edit"),
    path("projects/<int:pk>/rebaseline/", project_rebaseline, name="project-rebaseline"),
    path("projects/<int:pk>/tasks/new/", task_new, name="task-new"),
    path("tasks/<int:pk>/edit/", task_edit, name="task-edit"),
    path("tasks/<int:pk>/progress/", task_progress, name="task-progress"),
    path("tasks/<int:pk>/delete/", task_delete, name="task-delete"),
]
