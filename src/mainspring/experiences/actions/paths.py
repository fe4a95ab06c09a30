"""Changes to programs, learning paths and their steps, and the path templates."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from simple_history.utils import bulk_update_with_history

from mainspring.experiences import graph
from mainspring.experiences.actions import Error
from mainspring.experiences.models import (
    CatalogItem,
    CostModel,
    Focus,
    LearningPath,
    Method,
    Program,
    ProgramStatus,
    Step,
    TemplateKind,
)
from mainspring.org.models import JobRole, OrgUnit, Person, User
from mainspring.strategy.models import LearningNeed

MAX_MINUTES = 60 * 24 * 30  # a month of working time: anything longer is a typing slip
MAX_DUE_DAYS = 3650


def _saved(obj: Program | LearningPath | Step, actor: User | None, reason: str = "") -> None:
    obj._history_user = actor  # type: ignore[union-attr]  # read by simple-history
    obj._change_reason = reason  # type: ignore[union-attr]  # read by simple-history
    obj.full_clean(exclude=["prerequisites", "skills", "needs", "job_roles", "org_units"])
    obj.save()


# ----------------------------------------------------------------------------- programs


@dataclass
class ProgramData:
    """The editable fields of a program, as the form or the demo gives them."""

    title: str
    summary: str = ""
    owner: Person | None = None
    status: str = ProgramStatus.IDEA
    cost_model: str = CostModel.PER_LEARNER
    cost_per_learner: Decimal | None = None
    cost_notes: str = ""
    needs: Sequence[LearningNeed] = ()
    job_roles: Sequence[JobRole] = ()
    org_units: Sequence[OrgUnit] = ()


def save_program(
    *, actor: User | None, data: ProgramData, program: Program | None = None
) -> Program:
    """Create a program, or change one, with the needs it serves and its audience.

    Raises:
        Error: when the title is blank or the cost is negative.
    """
    title = data.title.strip()
    if not title:
        raise Error("Give the program a title.")
    if data.cost_per_learner is not None and data.cost_per_learner < 0:
        raise Error("The cost per learner cannot be negative.")
    target = program or Program()
    target.title, target.summary, target.owner = title, data.summary.strip(), data.owner
    target.status, target.cost_model = data.status, data.cost_model
    target.cost_per_learner, target.cost_notes = data.cost_per_learner, data.cost_notes.strip()
    with transaction.atomic():
        _saved(target, actor)
        target.needs.set(data.needs)
        target.job_roles.set(data.job_roles)
        target.org_units.set(data.org_units)
    return target


# ----------------------------------------------------------------------------- paths


@dataclass
class PathData:
    """The editable fields of a path."""

    title: str
    description: str = ""
    audience: str = ""
    job_roles: Sequence[JobRole] = ()


def create_path(
    *, actor: User | None, data: PathData, program: Program | None = None
) -> LearningPath:
    """Start an empty path, in a program or on its own.

    Raises:
        Error: when the title is blank.
    """
    return update_path(actor=actor, path=LearningPath(program=program), data=data)


def update_path(*, actor: User | None, path: LearningPath, data: PathData) -> LearningPath:
    """Change a path's title, description and audience.

    Raises:
        Error: when the title is blank.
    """
    title = data.title.strip()
    if not title:
        raise Error("Give the path a title.")
    path.title, path.description, path.audience = title, data.description, data.audience.strip()
    with transaction.atomic():
        _saved(path, actor)
        path.job_roles.set(data.job_roles)
    return path


def duplicate_path(
    *,
    actor: User | None,
    path: LearningPath,
    title: str = "",
    program: Program | None = None,
    keep_program: bool = True,
) -> LearningPath:
    """Copy a path with all its steps, their prerequisites remapped to the copies.

    The copy is never a template; it stays in the same program unless ``keep_program`` is
    off (then it goes to ``program``, or to none).
    """
    with transaction.atomic():
        copy = LearningPath(
            program=path.program if keep_program else program,
            title=(title.strip() or f"{path.title} (copy)")[:200],
            description=path.description,
            audience=path.audience,
        )
        _saved(copy, actor, f"copied from path {path.pk}")
        copy.job_roles.set(path.job_roles.all())
        steps = list(path.steps.prefetch_related("prerequisites", "skills"))
        new_of: dict[int, Step] = {}
        for step in steps:
            twin = _copy_step(step, copy, step.position)
            _saved(twin, actor, f"copied from step {step.pk}")
            twin.skills.set(step.skills.all())
            new_of[step.pk] = twin
        for step in steps:
            new_of[step.pk].prerequisites.set(
                [new_of[p.pk] for p in step.prerequisites.all() if p.pk in new_of]
            )
    return copy


def delete_path(*, actor: User | None, path: LearningPath) -> None:
    """Delete a path and its steps.

    Raises:
        Error: when people are (or were) enrolled: their records would go with it.
    """
    enrolled = path.enrolments.count()
    if enrolled:
        raise Error(
            f"{enrolled} {'person is' if enrolled == 1 else 'people are'} enrolled on "
            f"“{path.title}”, so it cannot be deleted: their records would be lost."
        )
    with transaction.atomic():
        path._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        for step in path.steps.all():
            step._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
            step.delete()
        path.delete()


# ----------------------------------------------------------------------------- steps


@dataclass
class StepData:
    """The editable fields of a step (prerequisites are set apart: they can be refused)."""

    title: str
    method: Method
    objectives: str = ""
    duration_minutes: int = 30
    focus: str = Focus.KNOWLEDGE
    required: bool = True
    due_days: int | None = None
    catalog_item: CatalogItem | None = None
    activity: str = ""


def _apply_step(step: Step, data: StepData) -> None:
    title = data.title.strip()
    if not title:
        raise Error("Give the step a title.")
    if not 1 <= data.duration_minutes <= MAX_MINUTES:
        raise Error(f"The duration must be between 1 and {MAX_MINUTES} minutes.")
    if data.due_days is not None and not 0 <= data.due_days <= MAX_DUE_DAYS:
        raise Error(f"Due days must be between 0 and {MAX_DUE_DAYS}.")
    if not data.method.active and step.method_id != data.method.pk:
        raise Error(f"The method “{data.method}” is no longer offered; pick another.")
    step.title = title
    step.method = data.method
    step.objectives = "\n".join(
        line.strip() for line in data.objectives.splitlines() if line.strip()
    )
    step.duration_minutes = data.duration_minutes
    step.focus = data.focus
    step.required = data.required
    step.due_days = data.due_days
    step.catalog_item = data.catalog_item
    step.activity = data.activity.strip()


def _copy_step(step: Step, path: LearningPath, position: int) -> Step:
    return Step(
        path=path,
        position=position,
        title=step.title,
        objectives=step.objectives,
        method_id=step.method_id,
        duration_minutes=step.duration_minutes,
        focus=step.focus,
        required=step.required,
        due_days=step.due_days,
        catalog_item_id=step.catalog_item_id,
        activity=step.activity,
    )


def add_step(*, actor: User | None, path: LearningPath, data: StepData) -> Step:
    """Add a step at the end of the path.

    Raises:
        Error: when a value is out of range or the title is blank.
    """
    step = Step(path=path)
    _apply_step(step, data)
    with transaction.atomic():
        last = Step.objects.filter(path=path).aggregate(m=Max("position"))["m"]
        step.position = (last or 0) + 1
        _saved(step, actor)
    return step


def update_step(*, actor: User | None, step: Step, data: StepData) -> Step:
    """Change a step's content, method, duration, focus and due days.

    Raises:
        Error: when a value is out of range or the title is blank.
    """
    _apply_step(step, data)
    with transaction.atomic():
        _saved(step, actor)
    return step


def delete_step(*, actor: User | None, step: Step) -> None:
    """Delete a step; steps that waited for it no longer do.

    Raises:
        Error: when people have progress recorded on it.
    """
    if step.progress.exists():
        raise Error(
            f"People have progress recorded on “{step.title}”, so it cannot be deleted. "
            "Make it optional instead."
        )
    with transaction.atomic():
        step._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        path = step.path
        step.delete()
        _renumber(actor, list(path.steps.all()))


def duplicate_step(*, actor: User | None, step: Step) -> Step:
    """Copy a step right after itself, waiting for the same steps."""
    with transaction.atomic():
        steps = list(Step.objects.select_for_update().filter(path_id=step.path_id))
        twin = _copy_step(step, step.path, step.position + 1)
        twin.title = f"{step.title} (copy)"[:200]
        _saved(twin, actor, f"copied from step {step.pk}")
        twin.skills.set(step.skills.all())
        twin.prerequisites.set(step.prerequisites.all())
        at = next((i for i, s in enumerate(steps) if s.pk == step.pk), len(steps))
        ordered = [*steps[: at + 1], twin, *steps[at + 1 :]]
        _renumber(actor, ordered)
    return twin


def move_step(*, actor: User | None, step: Step, position: int) -> Step:
    """Move a step to ``position`` (1 is first; out-of-range values go to either end).

    Every step of the path is renumbered 1..n in one transaction, so positions stay a
    clean sequence whatever happened before.
    """
    with transaction.atomic():
        steps = list(Step.objects.select_for_update().filter(path_id=step.path_id))
        others = [s for s in steps if s.pk != step.pk]
        at = max(0, min(position - 1, len(others)))
        moving = next(s for s in steps if s.pk == step.pk)
        _renumber(actor, [*others[:at], moving, *others[at:]])
        step.position = moving.position
    return step


def _renumber(actor: User | None, ordered: list[Step]) -> None:
    changed = []
    for number, s in enumerate(ordered, start=1):
        if s.position != number:
            s.position = number
            changed.append(s)
    if changed:
        bulk_update_with_history(
            changed, Step, ["position"], default_user=actor, default_change_reason="reordered"
        )


def cycle_message(titles: Sequence[str]) -> str:
    """The refusal for a cycle, naming its steps in order (first repeated at the end)."""
    return "These steps would wait for each other: " + " → ".join(titles)


def set_prerequisites(*, actor: User | None, step: Step, prerequisites: Iterable[Step]) -> Step:
    """Make ``step`` wait for ``prerequisites`` (replacing what it waited for).

    Raises:
        Error: when a prerequisite belongs to another path, or the steps would wait for
            each other (the message names the cycle in order).
    """
    wanted = list(prerequisites)
    for p in wanted:
        if p.path_id != step.path_id:
            raise Error(
                f"“{p.title}” is in another path: a step can only wait for steps of its own path."
            )
    with transaction.atomic():
        steps = list(
            Step.objects.select_for_update()
            .filter(path_id=step.path_id)
            .prefetch_related("prerequisites")
        )
        title_of = {s.pk: s.title for s in steps}
        waits = {s.pk: [p.pk for p in s.prerequisites.all()] for s in steps}
        cycle = graph.would_create_cycle(
            [s.pk for s in steps], waits, step.pk, [p.pk for p in wanted]
        )
        if cycle is not None:
            if len(cycle) == 2:  # noqa: PLR2004  (the step itself, repeated)
                raise Error(f"“{step.title}” cannot wait for itself.")
            raise Error(cycle_message([title_of[n] for n in cycle]))
        step.prerequisites.set(wanted)
        # The M2M is not in the step's history: record that the step changed, and why.
        step._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        step._change_reason = "prerequisites: " + (  # type: ignore[attr-defined]  # history
            ", ".join(title_of[p.pk] for p in wanted) or "none"
        )
        step.save()
    return step


# ----------------------------------------------------------------------------- templates

# kind -> (title, description, audience, steps); a step: (title, method code, minutes,
# focus, objectives, indexes of the steps it waits for, due days).
TemplateStep = tuple[str, str, int, str, str, tuple[int, ...], int | None]
TEMPLATES: dict[str, tuple[str, str, str, list[TemplateStep]]] = {
    TemplateKind.ONBOARDING: (
        "Onboarding: the first month",
        "Welcome a new colleague: the company, the team, the tools and the first real work.",
        "Everyone who joins the company.",
        [
            (
                "Welcome conversation with your manager",
                "manager_discussion",
                45,
                "motivation",
                "Describe what your team does and how your work helps it\n"
                "Agree three goals for your first month",
                (),
                1,
            ),
            (
                "Our company, values and customers",
                "elearning",
                40,
                "knowledge",
                "Explain the company's values with an example of each\n"
                "Name our main customers and products",
                (),
                5,
            ),
            (
                "Health, safety and the tools you use",
                "classroom",
                120,
                "skill",
                "Identify the hazards of your workplace\n"
                "Use the core tools of your role without help",
                (),
                5,
            ),
            (
                "Coffee with a buddy",
                "community",
                30,
                "motivation",
                "Ask a colleague three questions about how work really gets done",
                (),
                7,
            ),
            (
                "Your first real task",
                "on_the_job",
                240,
                "skill",
                "Complete a real task of your role with guidance",
                (0, 2),
                20,
            ),
            (
                "First-month check-in",
                "manager_discussion",
                30,
                "motivation",
                "Review the first month's goals with your manager\nAgree what to learn next",
                (4,),
                30,
            ),
        ],
    ),
    TemplateKind.NEW_MANAGER: (
        "New manager: the first 90 days",
        "From doing the work to getting it done through others.",
        "People promoted or hired into their first management role.",
        [
            (
                "The manager's role",
                "virtual_classroom",
                90,
                "knowledge",
                "Describe what changes when you manage a team\n"
                "List the decisions that are now yours",
                (),
                10,
            ),
            (
                "Giving feedback that helps",
                "reading",
                20,
                "knowledge",
                "Explain the situation-behaviour-impact model",
                (),
                14,
            ),
            (
                "Run your first one-to-ones",
                "application_exercise",
                120,
                "skill",
                "Hold a one-to-one with every team member\nRecord one agreed action per person",
                (0, 1),
                30,
            ),
            (
                "Coaching on a real case",
                "coaching",
                60,
                "skill",
                "Analyse a difficult conversation you had and plan the next one",
                (2,),
                45,
            ),
            (
                "New managers' circle",
                "community",
                60,
                "motivation",
                "Share one lesson and one open question with peers",
                (),
                60,
            ),
            (
                "Review with your own manager",
                "manager_discussion",
                45,
                "motivation",
                "Evaluate your first 90 days against the goals you set",
                (3, 4),
                90,
            ),
        ],
    ),
    TemplateKind.COMPLIANCE: (
        "Compliance: the annual essentials",
        "The rules everyone must know and follow, and what they mean in our team.",
        "Every employee, once a year.",
        [
            (
                "Code of conduct",
                "elearning",
                30,
                "knowledge",
                "Identify conduct that breaks the code\nExplain how to raise a concern",
                (),
                14,
            ),
            (
                "Data protection in ten minutes",
                "video",
                10,
                "knowledge",
                "Recognise personal data in your daily work",
                (),
                14,
            ),
            (
                "Reporting a concern: the checklist",
                "job_aid",
                5,
                "skill",
                "Follow the checklist to report a concern",
                (0,),
                21,
            ),
            (
                "What this means in our team",
                "manager_discussion",
                30,
                "motivation",
                "Agree two practices the team will follow",
                (0, 1),
                30,
            ),
        ],
    ),
}


def ensure_standard_methods() -> None:
    """Put back any standard delivery method the database lacks, as migration 0002 adds them.

    A fresh database has them all; one flushed by a test (or pruned by hand) may not. The
    list is the migration's own, so there is one source for it.
    """
    standard = importlib.import_module("mainspring.experiences.migrations.0002_standard_methods")
    have = set(Method.objects.values_list("code", flat=True))
    for code, name, category, synchronous, description in standard.METHODS:
        if code not in have:
            Method.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "category": category,
                    "synchronous": synchronous,
                    "description": description,
                },
            )


def ensure_path_templates() -> list[LearningPath]:
    """Create the standard template paths that do not exist yet (idempotent).

    Returns:
        Every template path, in the order onboarding, new manager, compliance.
    """
    methods = {m.code: m for m in Method.objects.all()}
    found: list[LearningPath] = []
    with transaction.atomic():
        for kind, (title, description, audience, steps) in TEMPLATES.items():
            existing = LearningPath.objects.filter(template_kind=kind).order_by("pk").first()
            if existing is not None:
                found.append(existing)
                continue
            path = LearningPath(
                title=title, description=description, audience=audience, template_kind=kind
            )
            _saved(path, None, "standard template")
            made: dict[int, Step] = {}
            for index, (name, code, minutes, focus, objectives, waits, due) in enumerate(steps):
                method = methods.get(code)
                if method is None:  # a taxonomy an admin has pruned: keep what still exists
                    continue
                number = len(made) + 1
                step = Step(path=path, position=number, title=name, method=method,
                            duration_minutes=minutes, focus=focus, objectives=objectives,
                            due_days=due)  # fmt: skip
                _saved(step, None, "standard template")
                step.prerequisites.set([made[i] for i in waits if i in made])
                made[index] = step
            found.append(path)
    return found


def create_path_from_template(
    *, actor: User | None, template: LearningPath, program: Program | None, title: str = ""
) -> LearningPath:
    """Start a path as a copy of a template, in ``program``.

    Raises:
        Error: when ``template`` is not a template.
    """
    if not template.template_kind:
        raise Error(f"“{template.title}” is not a template.")
    return duplicate_path(
        actor=actor, path=template, title=title or template.title, program=program,
        keep_program=False,
    )  # fmt: skip
