from __future__ import annotations

import pytest
from django.utils import timezone

from mainspring.experiences import mix
from mainspring.experiences.actions import Error
from mainspring.experiences.actions import paths as actions
from mainspring.experiences.models import Enrolment, LearningPath, Method, Program, Step
from mainspring.experiences.queries import paths as queries
from mainspring.strategy import actions as strategy_actions


def _method(code: str) -> Method:
    return Method.objects.get(code=code)


def _path(actor, titles=("A", "B", "C"), codes=("classroom", "coaching", "on_the_job")):
    path = actions.create_path(actor=actor, data=actions.PathData(title="Drivers"))
    for title, code in zip(titles, codes, strict=False):
        actions.add_step(
            actor=actor,
            path=path,
            data=actions.StepData(title=title, method=_method(code), objectives="Apply it"),
        )
    return path, list(path.steps.order_by("position"))


def test_program_links_needs_and_audience(cast):
    need = strategy_actions.create_need(actor=None, title="Load securing", gap_type="skill")
    program = actions.save_program(
        actor=cast.staff,
        data=actions.ProgramData(
            title=" Safe roads ", status="pilot", needs=[need], org_units=[cast.org.depot]
        ),
    )
    assert program.title == "Safe roads"
    assert list(program.needs.all()) == [need]
    assert list(program.org_units.all()) == [cast.org.depot]
    assert program.history.first().history_user == cast.staff


def test_program_without_title_is_refused(cast):
    with pytest.raises(Error, match="title"):
        actions.save_program(actor=cast.staff, data=actions.ProgramData(title="  "))
    assert not Program.objects.exists()


def test_steps_are_added_at_the_end_in_order(cast):
    _, steps = _path(cast.staff)
    assert [(s.title, s.position) for s in steps] == [("A", 1), ("B", 2), ("C", 3)]
    assert steps[0].history.first().history_user == cast.staff


def test_step_with_zero_minutes_is_refused(cast):
    path, _ = _path(cast.staff)
    data = actions.StepData(title="X", method=_method("video"), duration_minutes=0)
    with pytest.raises(Error, match="duration"):
        actions.add_step(actor=cast.staff, path=path, data=data)
    assert path.steps.count() == 3


def test_move_renumbers_every_step(cast):
    path, (_a, _b, c) = _path(cast.staff)
    actions.move_step(actor=cast.staff, step=c, position=1)
    assert list(path.steps.order_by("position").values_list("title", "position")) == [
        ("C", 1), ("A", 2), ("B", 3),
    ]  # fmt: skip
    actions.move_step(actor=cast.staff, step=c, position=99)
    assert list(path.steps.order_by("position").values_list("title", flat=True)) == [
        "A", "B", "C",
    ]  # fmt: skip


def test_cycle_is_refused_with_the_steps_named_in_order(cast):
    _, (a, b, c) = _path(cast.staff)
    actions.set_prerequisites(actor=cast.staff, step=b, prerequisites=[a])
    actions.set_prerequisites(actor=cast.staff, step=c, prerequisites=[b])
    with pytest.raises(Error) as refused:
        actions.set_prerequisites(actor=cast.staff, step=a, prerequisites=[c])
    assert str(refused.value) == "These steps would wait for each other: A → C → B → A"
    assert list(a.prerequisites.all()) == []


def test_a_step_cannot_wait_for_itself(cast):
    _, (a, _b, _c) = _path(cast.staff)
    with pytest.raises(Error, match="cannot wait for itself"):
        actions.set_prerequisites(actor=cast.staff, step=a, prerequisites=[a])


def test_prerequisite_from_another_path_is_refused(cast):
    _, (a, _b, _c) = _path(cast.staff)
    _, (x, _y, _z) = _path(cast.staff, titles=("X", "Y", "Z"))
    with pytest.raises(Error, match="another path"):
        actions.set_prerequisites(actor=cast.staff, step=a, prerequisites=[x])


def test_duplicate_step_goes_right_after_with_the_same_prerequisites(cast):
    path, (a, b, _c) = _path(cast.staff)
    actions.set_prerequisites(actor=cast.staff, step=b, prerequisites=[a])
    twin = actions.duplicate_step(actor=cast.staff, step=b)
    assert list(path.steps.order_by("position").values_list("title", flat=True)) == [
        "A", "B", "B (copy)", "C",
    ]  # fmt: skip
    assert list(twin.prerequisites.all()) == [a]


def test_duplicate_path_remaps_prerequisites_to_the_copies(cast):
    path, (a, b, c) = _path(cast.staff)
    actions.set_prerequisites(actor=cast.staff, step=c, prerequisites=[a, b])
    copy = actions.duplicate_path(actor=cast.staff, path=path)
    assert copy.title == "Drivers (copy)"
    copied = {s.title: s for s in copy.steps.all()}
    assert {p.title for p in copied["C"].prerequisites.all()} == {"A", "B"}
    assert all(p.path_id == copy.pk for p in copied["C"].prerequisites.all())
    assert c.prerequisites.count() == 2  # the original is untouched


def test_delete_step_renumbers_the_rest(cast):
    path, (_a, b, _c) = _path(cast.staff)
    actions.delete_step(actor=cast.staff, step=b)
    assert list(path.steps.order_by("position").values_list("title", "position")) == [
        ("A", 1), ("C", 2),
    ]  # fmt: skip


def test_path_with_enrolments_cannot_be_deleted(cast):
    path, _ = _path(cast.staff)
    Enrolment.objects.create(
        person=cast.org.lea, path=path, source="manual", enrolled_on=timezone.localdate()
    )
    with pytest.raises(Error, match="1 person is enrolled"):
        actions.delete_path(actor=cast.staff, path=path)
    assert LearningPath.objects.filter(pk=path.pk).exists()


def test_path_without_enrolments_is_deleted_with_its_steps(cast):
    path, _ = _path(cast.staff)
    actions.delete_path(actor=cast.staff, path=path)
    assert not Step.objects.exists()


def test_templates_are_seeded_once_and_are_blended(db):
    first = actions.ensure_path_templates()
    again = actions.ensure_path_templates()
    assert [p.pk for p in first] == [p.pk for p in again]
    assert [p.template_kind for p in first] == ["onboarding", "new_manager", "compliance"]
    onboarding = first[0]
    categories = {s.method.category for s in onboarding.steps.all()}
    assert categories == {"formal", "social", "experiential"}
    last = onboarding.steps.order_by("-position").first()
    assert [p.title for p in last.prerequisites.all()] == ["Your first real task"]


def test_path_from_template_is_a_plain_copy_in_the_program(cast):
    program = actions.save_program(actor=cast.staff, data=actions.ProgramData(title="Welcome"))
    template = actions.ensure_path_templates()[0]
    path = actions.create_path_from_template(
        actor=cast.staff, template=template, program=program, title="Depot onboarding"
    )
    assert path.template_kind == ""
    assert path.program == program
    assert path.title == "Depot onboarding"
    assert path.steps.count() == template.steps.count()


def test_templates_pass_their_own_checks(db):
    for template in actions.ensure_path_templates():
        facts = queries.step_facts(queries.steps_of(template))
        assert mix.warnings(facts) == [], template.title
