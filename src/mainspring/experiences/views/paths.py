"""Programs, paths and the path designer: every designer edit answers HTMX with fragments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.experiences import graph, mix, permissions
from mainspring.experiences.actions import Error
from mainspring.experiences.actions import paths as actions
from mainspring.experiences.models import (
    Focus,
    LearningPath,
    Program,
    ProgramStatus,
    Step,
    TemplateKind,
)
from mainspring.experiences.queries import paths as queries
from mainspring.org.models import Person
from mainspring.web.http import AuthedRequest, require

PAGE = 50
PDF_MISSING = (
    "The PDF needs the Pango library on the server (apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0). The printable page works without it: print it from the browser."
)


# ----------------------------------------------------------------------------- forms
# Used by these views alone, so they live beside them.


class ProgramForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = Program
        fields = [
            "title",
            "summary",
            "owner",
            "status",
            "needs",
            "job_roles",
            "org_units",
            "cost_model",
            "cost_per_learner",
            "cost_notes",
        ]
        labels = {"needs": "Learning needs it serves"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Person.objects.filter(active=True).order_by("last_name", "first_name")
        self.fields["owner"].queryset = active  # type: ignore[attr-defined]  # ModelChoiceField


class PathForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = LearningPath
        fields = ["title", "program", "audience", "description", "job_roles"]
        labels = {"job_roles": "Job roles it is for"}
        help_texts = {"program": "Leave empty for a path on its own."}


class NewPathForm(PathForm):
    start_from = forms.ModelChoiceField(
        queryset=LearningPath.objects.none(),
        required=False,
        empty_label="An empty path",
        label="Start from",
        help_text="A template copies its steps, objectives and prerequisites; change them freely.",
    )

    class Meta(PathForm.Meta):
        fields = ["title", "program", "audience", "description", "job_roles"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_from"].queryset = queries.template_paths()  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["title"].required = False
        self.fields["title"].help_text = "Leave empty to use the template's title."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title") or "").strip() and data.get("start_from") is None:
            self.add_error("title", "Give the path a title.")
        return data


class StepForm(forms.Form):
    title = forms.CharField(max_length=200)
    method = forms.ModelChoiceField(queryset=queries.methods_for_choice(), empty_label=None)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=1, max_value=actions.MAX_MINUTES, initial=30
    )
    focus = forms.ChoiceField(choices=Focus.choices, initial=Focus.KNOWLEDGE)
    objectives = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="One per line, starting with a verb you can observe: identify, explain, apply…",
    )
    due_days = forms.IntegerField(
        label="Due (days after enrolment)",
        min_value=0,
        max_value=actions.MAX_DUE_DAYS,
        required=False,
    )
    activity = forms.CharField(
        label="What the learner does",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="The content or activity that delivers this step.",
    )
    required = forms.BooleanField(label="Required", required=False, initial=True)

    def __init__(self, *args: Any, step: Step | None = None, **kwargs: Any) -> None:
        if step is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": step.title, "method": step.method_id,
                "duration_minutes": step.duration_minutes, "focus": step.focus,
                "objectives": step.objectives, "due_days": step.due_days,
                "activity": step.activity, "required": step.required,
            }  # fmt: skip
        kwargs["prefix"] = f"step-{step.pk}" if step is not None else "new"
        super().__init__(*args, **kwargs)
        current = step.method if step is not None else None
        self.fields["method"].queryset = queries.methods_for_choice(current)  # type: ignore[attr-defined]  # ModelChoiceField

    def data_for_action(self) -> actions.StepData:
        d = self.cleaned_data
        return actions.StepData(
            title=d["title"], method=d["method"], objectives=d["objectives"],
            duration_minutes=d["duration_minutes"], focus=d["focus"], required=d["required"],
            due_days=d["due_days"], activity=d["activity"],
        )  # fmt: skip


# ----------------------------------------------------------------------------- pages


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_view_programs(request.user):
        if not permissions.has_own_learning(request.user):
            raise PermissionDenied
        try:
            return redirect(reverse("experiences:my-learning"))
        except NoReverseMatch:
            return render(request, "experiences/index.html", {"learner_only": True})
    page = Paginator(queries.programs_with_counts(), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "experiences/index.html",
        {
            "page": page,
            "statuses": ProgramStatus.choices,
            "standalone": queries.paths_with_counts().filter(program=None)[:PAGE],
            "can_design": permissions.can_design(request.user),
        },
    )


@login_required
@require_GET
def program_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_programs(request.user))
    program = queries.get_program(pk)
    return render(
        request,
        "experiences/program_detail.html",
        {
            "program": program,
            "paths": queries.paths_with_counts(program=program),
            "can_design": permissions.can_design(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.can_design(request.user))
    program = queries.get_program(pk) if pk is not None else None
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = actions.ProgramData(**d)
        try:
            saved = actions.save_program(actor=request.user, data=data, program=program)
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the program “{saved}”.")
            return redirect("experiences:program-detail", pk=saved.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "program": program}
    return render(request, "experiences/program_edit.html", context, status=status)


@login_required
@require_GET
def path_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_programs(request.user))
    page = Paginator(queries.paths_with_counts(), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "experiences/path_list.html",
        {
            "page": page,
            "templates": queries.template_paths(),
            "can_design": permissions.can_design(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def path_create(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_design(request.user))
    actions.ensure_path_templates()  # idempotent: the picker always offers the standard three
    initial: dict[str, Any] = {}
    program_id = request.GET.get("program", "")
    if program_id.isdigit():
        initial["program"] = int(program_id)
    kind = request.GET.get("template", "")
    if kind in TemplateKind.values and kind:
        initial["start_from"] = queries.template_paths().filter(template_kind=kind).first()
    form = NewPathForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        path = _create_path(request, form)
        if path is not None:
            messages.success(request, f"Created the path “{path}”. Add and arrange its steps here.")
            return redirect("experiences:path-detail", pk=path.pk)
    status = 400 if form.errors else 200
    return render(request, "experiences/path_edit.html", {"form": form}, status=status)


def _create_path(request: AuthedRequest, form: NewPathForm) -> LearningPath | None:
    d = form.cleaned_data
    try:
        if d["start_from"] is not None:
            path = actions.create_path_from_template(
                actor=request.user, template=d["start_from"], program=d["program"],
                title=d["title"],
            )  # fmt: skip
            data = actions.PathData(
                title=path.title, description=d["description"] or path.description,
                audience=d["audience"] or path.audience, job_roles=d["job_roles"],
            )  # fmt: skip
            return actions.update_path(actor=request.user, path=path, data=data)
        return actions.create_path(actor=request.user, program=d["program"], data=_path_data(d))
    except Error as error:
        form.add_error(None, str(error))
        return None


def _path_data(d: dict[str, Any]) -> actions.PathData:
    return actions.PathData(
        title=d["title"], description=d["description"], audience=d["audience"],
        job_roles=d["job_roles"],
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def path_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    path = queries.get_path(pk)
    form = PathForm(request.POST or None, instance=path)
    if request.method == "POST" and form.is_valid():
        path.program = form.cleaned_data["program"]
        try:
            actions.update_path(actor=request.user, path=path, data=_path_data(form.cleaned_data))
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the path “{path}”.")
            return redirect("experiences:path-detail", pk=path.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "path": path}
    return render(request, "experiences/path_edit.html", context, status=status)


@login_required
@require_POST
def path_duplicate(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    copy = actions.duplicate_path(actor=request.user, path=queries.get_path(pk))
    messages.success(request, f"Copied the path with its steps: “{copy}”.")
    return redirect("experiences:path-detail", pk=copy.pk)


@login_required
@require_POST
def path_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    path = queries.get_path(pk)
    try:
        actions.delete_path(actor=request.user, path=path)
    except Error as error:
        messages.error(request, str(error))
        return redirect("experiences:path-detail", pk=pk)
    messages.success(request, f"Deleted the path “{path.title}”.")
    if path.program_id is not None:
        return redirect("experiences:program-detail", pk=path.program_id)
    return redirect("experiences:path-list")


# ----------------------------------------------------------------------------- the designer


def _designer_context(request: AuthedRequest, path: LearningPath, **extra: Any) -> dict[str, Any]:
    steps = queries.steps_of(path)
    facts = queries.step_facts(steps)
    blend = mix.compute_mix(facts)
    waits = queries.waits_for(steps)
    can_design = permissions.can_design(request.user)
    charts = [
        (title, mark_safe(mix.shares_svg(shares, title=title)))  # noqa: S308  (mix.py escapes every text)
        for title, shares in (
            ("By method", blend.by_method),
            ("By kind of learning (70-20-10)", blend.by_category),
            ("By focus", blend.by_focus),
        )
    ]
    picture = graph.sequence_svg(queries.sequence_boxes(steps), waits, title=f"Sequence of {path}")
    return {
        "path": path,
        "steps": steps,
        "count": len(steps),
        "mix": blend,
        "total": mix.format_minutes(blend.total_minutes),
        "required_total": mix.format_minutes(blend.required_minutes),
        "warnings": mix.warnings(facts),
        "charts": charts,
        "picture": mark_safe(picture),  # noqa: S308  (graph.py escapes every text)
        "can_design": can_design,
        "add_form": _fresh_add_form(focus=bool(extra.get("reset_add"))) if can_design else None,
        **extra,
    }


def _fresh_add_form(*, focus: bool) -> StepForm:
    form = StepForm()
    if focus:  # after an add, the keyboard goes back to the title for the next step
        form.fields["title"].widget.attrs["data-autofocus"] = ""
    return form


@login_required
@require_GET
def path_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_programs(request.user))
    path = queries.get_path(pk)
    return render(request, "experiences/path_designer.html", _designer_context(request, path))


def _updated(request: AuthedRequest, path: LearningPath, **extra: Any) -> HttpResponse:
    """After an edit: HTMX gets the steps and (out of band) the summary; others a redirect."""
    if request.htmx:
        context = _designer_context(request, path, **extra)
        response = render(request, "experiences/path_designer.html#update", context)
        # The edit-in-place and add forms target themselves; a saved edit redraws the list.
        response["HX-Retarget"] = "#steps-panel"
        response["HX-Reswap"] = "outerHTML"
        return response
    if "error" in extra:
        messages.error(request, extra["error"])
    return redirect("experiences:path-detail", pk=path.pk)


@login_required
@require_POST
def step_add(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    path = queries.get_path(pk)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            step = actions.add_step(actor=request.user, path=path, data=form.data_for_action())
        except Error as error:
            form.add_error(None, str(error))
        else:
            return _updated(request, path, reset_add=True, notice=f"Added “{step.title}”.")
    context = _designer_context(request, path, add_form=form)
    if request.htmx:
        return render(request, "experiences/path_designer.html#add", context)
    return render(request, "experiences/path_designer.html", context, status=400)


@login_required
@require_GET
def step_row(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_programs(request.user))
    step = queries.get_step(pk)
    steps = queries.steps_of(step.path)
    found = next(s for s in steps if s.pk == step.pk)
    context = {"s": found, "steps": steps, "path": step.path, "count": len(steps)}
    context["can_design"] = permissions.can_design(request.user)
    return render(request, "experiences/path_designer.html#step", context)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    step = queries.get_step(pk)
    form = StepForm(request.POST or None, step=step)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_step(actor=request.user, step=step, data=form.data_for_action())
        except Error as error:
            form.add_error(None, str(error))
        else:
            return _updated(request, step.path, focus=step.pk, focus_button="edit")
    context = {"s": step, "form": form, "path": step.path}
    if request.htmx:
        return render(request, "experiences/path_designer.html#step-edit", context)
    status = 400 if form.errors else 200
    return render(request, "experiences/step_edit.html", context, status=status)


@login_required
@require_POST
def step_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    step = queries.get_step(pk)
    path = step.path
    try:
        actions.delete_step(actor=request.user, step=step)
    except Error as error:
        return _updated(request, path, error=str(error), error_step=pk)
    return _updated(request, path, notice=f"Deleted “{step.title}”.")


@login_required
@require_POST
def step_duplicate(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    step = queries.get_step(pk)
    twin = actions.duplicate_step(actor=request.user, step=step)
    notice = f"Copied “{step.title}” as “{twin.title}”."
    return _updated(request, step.path, notice=notice, focus=twin.pk, focus_button="edit")


@login_required
@require_POST
def step_move(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    step = queries.get_step(pk)
    raw = request.POST.get("position", "")
    if not raw.lstrip("-").isdigit():
        return _updated(request, step.path, error="Choose where to move the step.")
    actions.move_step(actor=request.user, step=step, position=int(raw))
    button = request.POST.get("focus", "")
    return _updated(request, step.path, focus=step.pk, focus_button=button)


@login_required
@require_POST
def step_prerequisites(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_design(request.user))
    step = queries.get_step(pk)
    ids = [int(v) for v in request.POST.getlist("waits_for") if v.isdigit()]
    chosen = list(Step.objects.filter(pk__in=ids))
    if len(chosen) != len(set(ids)):
        return _updated(request, step.path, error="A chosen step no longer exists.", error_step=pk)
    try:
        actions.set_prerequisites(actor=request.user, step=step, prerequisites=chosen)
    except Error as error:
        return _updated(request, step.path, error=str(error), error_step=pk)
    return _updated(request, step.path, focus=step.pk, notice=f"Saved what “{step}” waits for.")


# ----------------------------------------------------------------------------- the plan


def _plan_context(path: LearningPath) -> dict[str, Any]:
    steps = queries.steps_of(path)
    order = graph.topological_order([s.pk for s in steps], queries.waits_for(steps))
    by_id = {s.pk: s for s in steps}
    blend = mix.compute_mix(queries.step_facts(steps))
    return {
        "path": path,
        "steps": [by_id[n] for n in order],
        "total": mix.format_minutes(blend.total_minutes),
        "required_total": mix.format_minutes(blend.required_minutes),
        "mix": blend,
    }


@login_required
@require_GET
def path_plan(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_programs(request.user))
    context = _plan_context(queries.get_path(pk))
    return render(request, "experiences/path_plan.html", context)


@login_required
@require_GET
def path_plan_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_programs(request.user))
    path = queries.get_path(pk)
    html = render_to_string("experiences/path_plan.html", {**_plan_context(path), "pdf": True})
    try:
        import weasyprint  # noqa: PLC0415  (needs the system Pango library)
    except OSError:
        return HttpResponse(PDF_MISSING, status=503, content_type="text/plain; charset=utf-8")
    pdf = weasyprint.HTML(string=html).write_pdf()  # self-contained: fetches nothing
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"learning-plan-{path.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
