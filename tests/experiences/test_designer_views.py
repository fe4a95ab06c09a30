from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.experiences.actions import paths as actions
from mainspring.experiences.models import LearningPath, Method, Step
from mainspring.strategy import actions as strategy_actions

HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}


def _method(code: str) -> Method:
    return Method.objects.get(code=code)


def _path(titles=("Welcome", "Safety", "Practice"), codes=("classroom", "coaching", "on_the_job")):
    path = actions.create_path(actor=None, data=actions.PathData(title="Drivers"))
    for title, code in zip(titles, codes, strict=False):
        data = actions.StepData(title=title, method=_method(code), objectives="Apply the rule")
        actions.add_step(actor=None, path=path, data=data)
    return path, list(path.steps.order_by("position"))


def _staff(client: Client, cast) -> Client:
    client.force_login(cast.staff)
    return client


def _titles(path: LearningPath) -> list[str]:
    return list(path.steps.order_by("position").values_list("title", flat=True))


def test_add_step_by_htmx_returns_the_list_and_the_summary_out_of_band(client, cast):
    path, _ = _path()
    response = _staff(client, cast).post(
        reverse("experiences:step-add", args=[path.pk]),
        {
            "new-title": "Shadow a driver",
            "new-method": _method("on_the_job").pk,
            "new-duration_minutes": "120",
            "new-focus": "skill",
            "new-objectives": "Secure a load with a colleague watching",
            "new-required": "on",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#steps-panel"
    html = response.content.decode()
    assert "4. Shadow a driver" in html
    assert '<aside id="path-summary" aria-labelledby="summary-heading" hx-swap-oob="true">' in html
    assert (
        'id="add-step" class="card card-body mb-3" aria-labelledby="add-heading" hx-swap-oob'
        in html
    )
    assert "3 h 30 min" in html  # 30 + 30 + 30 + 120 minutes
    assert _titles(path)[-1] == "Shadow a driver"


def test_add_step_without_title_shows_the_error_beside_the_field(client, cast):
    path, _ = _path()
    response = _staff(client, cast).post(
        reverse("experiences:step-add", args=[path.pk]),
        {"new-title": "", "new-method": _method("video").pk, "new-duration_minutes": "0",
         "new-focus": "knowledge"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="add-step"' in html
    assert "This field is required." in html
    assert "Ensure this value is greater than or equal to 1." in html
    assert path.steps.count() == 3


def test_cycle_is_refused_with_the_cycle_named_in_the_response(client, cast):
    _, (a, b, c) = _path()
    actions.set_prerequisites(actor=None, step=b, prerequisites=[a])
    actions.set_prerequisites(actor=None, step=c, prerequisites=[b])
    response = _staff(client, cast).post(
        reverse("experiences:step-prerequisites", args=[a.pk]), {"waits_for": [c.pk]}, **HTMX
    )
    assert response.status_code == 200
    assert "These steps would wait for each other: Welcome → Practice → Safety → Welcome" in (
        response.content.decode()
    )
    assert not a.prerequisites.exists()


def test_prerequisite_is_saved_and_shown(client, cast):
    _, (a, b, _c) = _path()
    response = _staff(client, cast).post(
        reverse("experiences:step-prerequisites", args=[b.pk]), {"waits_for": [a.pk]}, **HTMX
    )
    assert "Waits for: Welcome" in response.content.decode()
    assert list(b.prerequisites.all()) == [a]


def test_move_by_button_reorders_and_keeps_focus_on_the_moved_step(client, cast):
    path, (_a, _b, c) = _path()
    response = _staff(client, cast).post(
        reverse("experiences:step-move", args=[c.pk]), {"position": "2", "focus": "up"}, **HTMX
    )
    assert _titles(path) == ["Welcome", "Practice", "Safety"]
    html = response.content.decode()
    assert 'aria-label="Move “Practice” up" data-autofocus' in html


def test_move_without_htmx_redirects_to_the_designer(client, cast):
    path, (a, _b, _c) = _path()
    response = _staff(client, cast).post(
        reverse("experiences:step-move", args=[a.pk]), {"position": "3"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("experiences:path-detail", args=[path.pk])
    assert _titles(path) == ["Safety", "Practice", "Welcome"]


def test_duplicate_step_inserts_the_copy_after_it(client, cast):
    path, (a, _b, _c) = _path()
    response = _staff(client, cast).post(reverse("experiences:step-duplicate", args=[a.pk]), **HTMX)
    assert "2. Welcome (copy)" in response.content.decode()
    assert _titles(path) == ["Welcome", "Welcome (copy)", "Safety", "Practice"]


def test_edit_in_place_then_save(client, cast):
    _, (a, _b, _c) = _path()
    staff = _staff(client, cast)
    form = staff.get(reverse("experiences:step-edit", args=[a.pk]), **HTMX)
    assert 'id="step-' in form.content.decode()
    assert "Save step" in form.content.decode()
    response = staff.post(
        reverse("experiences:step-edit", args=[a.pk]),
        {f"step-{a.pk}-title": "Welcome day", f"step-{a.pk}-method": _method("classroom").pk,
         f"step-{a.pk}-duration_minutes": "45", f"step-{a.pk}-focus": "motivation",
         f"step-{a.pk}-objectives": "Understand the company"},
        **HTMX,
    )  # fmt: skip
    html = response.content.decode()
    assert "1. Welcome day" in html
    assert "Optional" in html  # the required box was left unticked
    assert "which cannot be observed" in html  # the summary warns about "understand"
    a.refresh_from_db()
    assert a.duration_minutes == 45


def test_delete_step_renumbers_and_refreshes_the_total(client, cast):
    _, (a, _b, _c) = _path()
    response = _staff(client, cast).post(reverse("experiences:step-delete", args=[a.pk]), **HTMX)
    html = response.content.decode()
    assert "1. Safety" in html
    assert 'id="total-time">1 h<' in html


def test_designer_warns_on_an_all_formal_path(client, cast):
    path, _ = _path(codes=("classroom", "elearning", "video"))
    response = _staff(client, cast).get(reverse("experiences:path-detail", args=[path.pk]))
    assert "Every step is formal learning." in response.content.decode()


def test_stakeholder_reads_the_designer_without_edit_controls(client, cast):
    path, _ = _path()
    client.force_login(cast.stakeholder)
    html = client.get(reverse("experiences:path-detail", args=[path.pk])).content.decode()
    assert "1. Welcome" in html
    assert "Add a step" not in html
    assert "Move “Welcome” down" not in html


def test_stakeholder_cannot_change_a_step(client, cast):
    path, (a, _b, _c) = _path()
    client.force_login(cast.stakeholder)
    response = client.post(reverse("experiences:step-move", args=[a.pk]), {"position": "3"})
    assert response.status_code == 403
    assert _titles(path) == ["Welcome", "Safety", "Practice"]


def test_duplicate_path_opens_the_copy(client, cast):
    path, _ = _path()
    response = _staff(client, cast).post(reverse("experiences:path-duplicate", args=[path.pk]))
    copy = LearningPath.objects.exclude(pk=path.pk).get()
    assert response["Location"] == reverse("experiences:path-detail", args=[copy.pk])
    assert _titles(copy) == _titles(path)


def test_new_path_from_a_template_copies_its_steps(client, cast):
    staff = _staff(client, cast)
    page = staff.get(reverse("experiences:path-create") + "?template=compliance")
    assert "Compliance: the annual essentials" in page.content.decode()
    template = LearningPath.objects.get(template_kind="compliance")
    response = staff.post(
        reverse("experiences:path-create"), {"title": "", "start_from": template.pk}
    )
    path = LearningPath.objects.filter(template_kind="").get()
    assert response["Location"] == reverse("experiences:path-detail", args=[path.pk])
    assert path.title == template.title
    assert path.steps.count() == template.steps.count()


def test_new_empty_path_needs_a_title(client, cast):
    response = _staff(client, cast).post(reverse("experiences:path-create"), {"title": ""})
    assert response.status_code == 400
    assert "Give the path a title." in response.content.decode()


def test_program_is_created_with_its_needs(client, cast):
    need = strategy_actions.create_need(actor=None, title="Load securing", gap_type="skill")
    response = _staff(client, cast).post(
        reverse("experiences:program-create"),
        {"title": "Safe roads", "status": "design", "cost_model": "per_learner",
         "needs": [need.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Load securing" in page
    assert "Design" in page


def test_path_with_enrolments_is_not_deleted_and_says_why(client, cast):
    path, _ = _path()
    path.enrolments.create(person=cast.org.lea, source="manual", enrolled_on="2026-01-01")
    response = _staff(client, cast).post(
        reverse("experiences:path-delete", args=[path.pk]), follow=True
    )
    assert "1 person is enrolled" in response.content.decode()
    assert LearningPath.objects.filter(pk=path.pk).exists()


def test_printable_plan_lists_steps_in_prerequisite_order(client, cast):
    path, (a, _b, c) = _path()
    actions.set_prerequisites(actor=None, step=a, prerequisites=[c])
    html = _staff(client, cast).get(reverse("experiences:path-plan", args=[path.pk])).content
    text = html.decode()
    assert text.index("Safety") < text.index("Practice") < text.index("Welcome")
    assert "Apply the rule" in text


def test_plan_pdf_is_a_pdf(client, cast):
    pytest.importorskip("weasyprint")
    path, _ = _path()
    response = _staff(client, cast).get(reverse("experiences:path-plan-pdf", args=[path.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_learner_is_shown_a_friendly_page_or_sent_to_their_learning(client, cast):
    client.force_login(cast.learner)
    response = client.get(reverse("experiences:index"))
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert "Nothing is assigned to you yet" in response.content.decode()


def test_program_list_query_count_does_not_grow_with_programs(
    client, cast, django_assert_num_queries
):
    need = strategy_actions.create_need(actor=None, title="Load securing", gap_type="skill")
    for n in range(5):
        program = actions.save_program(
            actor=None, data=actions.ProgramData(title=f"Program {n}", needs=[need])
        )
        actions.create_path(actor=None, program=program, data=actions.PathData(title=f"P{n}"))
    staff = _staff(client, cast)
    with django_assert_num_queries(6):
        # session, user, count, programs, their needs, paths outside programs
        response = staff.get(reverse("experiences:index"))
    assert response.status_code == 200
    assert "Program 4" in response.content.decode()


def test_designer_query_count_does_not_grow_with_steps(client, cast, django_assert_num_queries):
    path, steps = _path()
    for s in steps[1:]:
        actions.set_prerequisites(actor=None, step=s, prerequisites=[steps[0]])
    for n in range(5):
        actions.add_step(
            actor=None, path=path,
            data=actions.StepData(title=f"Extra {n}", method=_method("podcast")),
        )  # fmt: skip
    staff = _staff(client, cast)
    with django_assert_num_queries(7):
        # session, user, path, steps with methods, prerequisites, and the add form's
        # methods twice (Django's Select reads its first option again for "required")
        response = staff.get(reverse("experiences:path-detail", args=[path.pk]))
    assert "8. Extra 4" in response.content.decode()
    assert Step.objects.count() == 8


def test_path_list_query_count_does_not_grow_with_paths(client, cast, django_assert_num_queries):
    program = actions.save_program(actor=None, data=actions.ProgramData(title="Safe roads"))
    for n in range(5):
        actions.create_path(actor=None, program=program, data=actions.PathData(title=f"P{n}"))
    actions.ensure_path_templates()
    staff = _staff(client, cast)
    with django_assert_num_queries(5):
        # session, user, count, paths with their programs, templates
        response = staff.get(reverse("experiences:path-list"))
    html = response.content.decode()
    assert "P4" in html
    assert "Use this template" in html


def test_program_page_lists_its_paths_in_constant_queries(client, cast, django_assert_num_queries):
    program = actions.save_program(actor=None, data=actions.ProgramData(title="Safe roads"))
    for n in range(5):
        actions.create_path(actor=None, program=program, data=actions.PathData(title=f"P{n}"))
    staff = _staff(client, cast)
    with django_assert_num_queries(7):
        # session, user, program, needs, job roles, org units, paths with counts
        response = staff.get(reverse("experiences:program-detail", args=[program.pk]))
    assert "P4" in response.content.decode()
