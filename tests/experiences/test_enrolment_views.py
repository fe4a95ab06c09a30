import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import AudienceRule, Enrolment, StepProgress
from mainspring.org import actions as org_actions
from mainspring.strategy.models import KPI, BusinessGoal, LearningNeed
from tests.conftest import Cast
from tests.experiences.factories import make_path, make_program, make_rule, steps_of
from tests.org.factories import make_person


@pytest.fixture
def depot_path(cast: Cast):
    program = make_program("Safe driving")
    goal = BusinessGoal.objects.create(title="Fewer incidents", driver="pain")
    kpi = KPI.objects.create(code="INC", name="Incidents per 100k km")
    need = LearningNeed.objects.create(title="Load securing", gap_type="skill", goal=goal, kpi=kpi)
    program.needs.add(need)
    path = make_path("Depot safety", program=program)
    make_rule(path, "Depot", org_unit=cast.org.depot, due_days=10)
    sales = make_path("Selling well")
    make_rule(sales, "Sales", org_unit=cast.org.sales)
    return path


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_learning_shows_what_next_why_and_due_date(cast: Cast, depot_path):
    page = _client(cast.learner).get(reverse("experiences:my-learning")).content.decode()
    assert "Depot safety" in page
    assert "Selling well" not in page
    assert "<strong>Next:</strong> Watch the film" in page
    assert "Watch the film — Not started" in page
    assert "closes the gap &#x27;Load securing&#x27;" in page
    assert "measured by Incidents per 100k km" in page
    due = timezone.localdate() + timedelta(days=10)
    assert f"Due {due:%-d %b %Y}" in page


def test_my_learning_flags_overdue_and_moves_on_after_a_step(cast: Cast, depot_path):
    lea = Enrolment.objects.get(person=cast.org.lea, path=depot_path)
    Enrolment.objects.filter(pk=lea.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    first = steps_of(depot_path)[0]
    enrolments.record_progress(actor=None, enrolment=lea, step=first, status="completed")
    page = _client(cast.learner).get(reverse("experiences:my-learning")).content.decode()
    assert "Overdue" in page
    assert "<strong>Next:</strong> Practise loading" in page


def test_my_learning_without_a_linked_person_says_why(cast: Cast):
    page = _client(cast.leader).get(reverse("experiences:my-learning")).content.decode()
    assert "not linked to a person" in page


def test_manager_sees_the_team_and_nobody_else(cast: Cast, depot_path):
    page = _client(cast.manager).get(reverse("experiences:team")).content.decode()
    assert "Lea Learner" in page
    assert "Liam Driver" in page
    assert "Sara Seller" not in page
    assert "<td>Dan Depot</td>" not in page  # the manager themself is not in their team
    assert "<td>Lea Learner</td>" in page


def test_stakeholder_sees_their_units_progress_only(cast: Cast, depot_path):
    lea = Enrolment.objects.get(person=cast.org.lea, path=depot_path)
    for step in steps_of(depot_path):
        enrolments.record_progress(actor=None, enrolment=lea, step=step, status="passed")
    page = _client(cast.stakeholder).get(reverse("experiences:progress")).content.decode()
    assert "Safe driving" in page
    assert "Depot North" in page
    assert "33%" in page  # one of Dan, Lea and Liam completed
    assert "Selling well" not in page
    leader_page = _client(cast.leader).get(reverse("experiences:progress")).content.decode()
    assert "Selling well (no program)" in leader_page


def test_exports_are_scoped_to_what_the_user_sees(cast: Cast, depot_path):
    response = _client(cast.learner).get(reverse("experiences:enrol-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["HRIS id", "Name", "Org unit"]
    assert {r[0] for r in rows[1:]} == {"P-LEA"}
    assert len(rows) == 1 + 3  # one row per step of her one path
    response = _client(cast.staff).get(
        reverse("experiences:enrol-export", args=["xlsx"]) + f"?path={depot_path.pk}"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    hris = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert hris == {"P-DAN", "P-LEA", "P-LIAM"}
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_rule_preview_counts_without_saving_then_save_enrols(cast: Cast):
    path = make_path("Sales onboarding")
    url = reverse("experiences:rule-create", args=[path.pk])
    data = {"name": "Sales", "org_unit": cast.org.sales.pk, "due_days": 20, "active": "on"}
    page = _client(cast.staff).post(url, {**data, "preview": "1"}).content.decode()
    assert "2 people match today" in page
    assert "Sara Seller" in page
    assert not AudienceRule.objects.filter(path=path).exists()
    response = _client(cast.staff).post(url, data)
    assert response.status_code == 302
    assert Enrolment.objects.filter(path=path).count() == 2


def test_rule_form_names_a_missing_name(cast: Cast):
    path = make_path("Sales onboarding")
    url = reverse("experiences:rule-create", args=[path.pk])
    response = _client(cast.staff).post(url, {"name": "", "due_days": 20})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_enrol_by_hand_by_email_and_unknown_person(cast: Cast, depot_path):
    url = reverse("experiences:enrol-add", args=[depot_path.pk])
    sam = cast.org.sam
    assert _client(cast.staff).post(url, {"person": sam.email}).status_code == 302
    assert Enrolment.objects.get(person=sam, path=depot_path).source == "manual"
    response = _client(cast.staff).post(url, {"person": "nobody@example.com"})
    assert response.status_code == 400
    assert "No one has this HRIS id or e-mail address." in response.content.decode()


def test_step_status_is_edited_over_htmx(cast: Cast, depot_path):
    lea = Enrolment.objects.get(person=cast.org.lea, path=depot_path)
    step = steps_of(depot_path)[0]
    url = reverse("experiences:progress-update", args=[lea.pk, step.pk])
    response = _client(cast.staff).post(
        url, {"status": "passed", "score": "92"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="steps"')
    assert "33% done" in body
    progress = StepProgress.objects.get(enrolment=lea, step=step)
    assert (progress.status, progress.score) == ("passed", 92)
    bad = _client(cast.staff).post(
        url, {"status": "passed", "score": "lots"}, headers={"HX-Request": "true"}
    )
    assert "is not a number" in bad.content.decode()


def test_withdrawing_by_hand_records_the_reason(cast: Cast, depot_path):
    lea = Enrolment.objects.get(person=cast.org.lea, path=depot_path)
    url = reverse("experiences:enrol-withdraw", args=[lea.pk])
    _client(cast.staff).post(url, {"reason": "Moved to days off"})
    lea.refresh_from_db()
    assert lea.status == "withdrawn"
    assert lea.history.first().history_change_reason == "Moved to days off"


def test_completion_upload_previews_then_applies(cast: Cast, depot_path):
    client = _client(cast.staff)
    step = steps_of(depot_path)[0]
    upload = SimpleUploadedFile(
        "lms.csv",
        f"person,activity,status,score\nP-LEA,step:{step.pk},passed,80\nP-X,step:1,passed,\n".encode(),
    )
    page = client.post(reverse("experiences:completion-import"), {"file": upload})
    text = page.content.decode()
    assert "no person has the HRIS id or e-mail &#x27;P-X&#x27;" in text
    assert "Import the valid rows only" in text
    assert not StepProgress.objects.exists()
    done = client.post(reverse("experiences:completion-apply"), {"valid_only": "1"}, follow=True)
    assert "Imported: progress on 1 steps" in done.content.decode()
    assert StepProgress.objects.get(step=step).status == "passed"


def test_completion_upload_refuses_a_file_without_the_columns(cast: Cast):
    upload = SimpleUploadedFile("lms.csv", b"who,what\nP-LEA,x\n")
    page = _client(cast.staff).post(reverse("experiences:completion-import"), {"file": upload})
    assert page.status_code == 400
    assert "Activity: choose the column that holds it (required)." in page.content.decode()


def _more_people(cast: Cast, n: int) -> None:
    for i in range(n):
        make_person(
            hris_id=f"MORE{i}", org_unit=cast.org.depot, manager=cast.org.dan, email=f"m{i}@x.com"
        )
    enrolments.sync_enrolments(actor=None, reason="more")


@pytest.mark.parametrize(
    "case",
    [
        ("staff", "experiences:enrol-list", "path", 8),
        ("manager", "experiences:team", None, 10),
        ("stakeholder", "experiences:progress", None, 9),
        ("learner", "experiences:my-learning", None, 12),
    ],
)
def test_list_pages_read_in_a_fixed_number_of_queries(
    cast: Cast, depot_path, django_assert_num_queries, case
):
    user, name, args, queries = case
    _more_people(cast, 15)
    client = _client(getattr(cast, user))
    url = reverse(name, args=[depot_path.pk] if args else [])
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_move_shows_in_the_enrolment_history_with_its_reason(cast: Cast, depot_path):
    lea = cast.org.lea
    changes = org_actions.PersonChanges(
        first_name=lea.first_name,
        last_name=lea.last_name,
        email=lea.email,
        org_unit=cast.org.sales,
        job_role=lea.job_role,
        manager=lea.manager,
        location=lea.location,
        hire_date=lea.hire_date,
        active=True,
    )
    org_actions.update_person(actor=cast.leader, person=lea, changes=changes, reason="HRIS move")
    enrolment = Enrolment.objects.get(person=lea, path=depot_path)
    url = reverse("experiences:enrol-detail", args=[enrolment.pk])
    page = _client(cast.staff).get(url).content.decode()
    assert "Withdrawn — leader (HRIS move)" in page
