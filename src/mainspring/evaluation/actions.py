"""Every change to evaluation plans, the item bank, surveys, invitations and answers."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from mainspring.evaluation import bank
from mainspring.evaluation.models import (
    Answer,
    Audience,
    Construct,
    EvaluationPlan,
    Invitation,
    ItemKind,
    QuoteConsent,
    Survey,
    SurveyItem,
    SurveyQuestion,
    SurveySession,
)
from mainspring.experiences.models import (
    DONE_STATUSES,
    Enrolment,
    EnrolmentStatus,
    Program,
    Step,
    StepProgress,
)
from mainspring.org.models import Person, User
from mainspring.strategy.models import KPI

log = logging.getLogger(__name__)

BATCH = 2000


class Error(Exception):
    """A change that cannot be made, with a message for the user."""


# ----------------------------------------------------------------------------- the item bank


def ensure_item_bank() -> int:
    """Create the standard items the bank lacks (idempotent); return how many were added."""
    have = set(SurveyItem.objects.exclude(code="").values_list("code", flat=True))
    missing = [
        SurveyItem(
            code=i.code,
            kind=i.kind,
            construct=i.construct,
            level=i.level,
            audience=i.audience,
            wording=i.wording,
            standard=i.standard,
        )
        for i in bank.ITEMS
        if i.code not in have
    ]
    if missing:
        SurveyItem.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def create_item(
    *, actor: User | None, kind: str, construct: str, level: int, audience: str, wording: str
) -> SurveyItem:
    """Add a question of one's own to the bank."""
    with transaction.atomic():
        item = SurveyItem.objects.create(
            kind=kind, construct=construct, level=level, audience=audience, wording=wording
        )
    log.info("%s added survey item %s", actor, item.pk)
    return item


# ----------------------------------------------------------------------------- plans


@dataclass(frozen=True, slots=True)
class PlanData:
    kpi: KPI | None = None
    kpi_target: Decimal | None = None
    leading_indicators: str = ""
    critical_behaviours: str = ""
    required_drivers: str = ""
    learning_objectives: str = ""
    reaction_focus: str = ""
    isolation_method: str = "none"
    roi_in_scope: bool = False
    intangibles: str = ""
    data_sources: str = ""
    timing: str = ""


def save_plan(*, actor: User | None, program: Program, data: PlanData) -> EvaluationPlan:
    """Create or update the program's evaluation plan, recording who changed it."""
    with transaction.atomic():
        plan = EvaluationPlan.objects.filter(program=program).first() or EvaluationPlan(
            program=program
        )
        for f in fields(data):
            setattr(plan, f.name, getattr(data, f.name))
        plan._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        plan.save()
    return plan


# ----------------------------------------------------------------------------- surveys


def create_survey(
    *,
    actor: User | None,
    program: Program,
    level: int,
    audience: str,
    title: str,
    introduction: str = "",
    standard_items: bool = True,
) -> Survey:
    """Create a survey; with ``standard_items`` it starts with the standard set of its kind."""
    ensure_item_bank()
    with transaction.atomic():
        survey = Survey.objects.create(
            program=program,
            level=level,
            audience=audience,
            title=title,
            introduction=introduction,
            created_by=actor,
        )
        if standard_items:
            items = SurveyItem.objects.filter(
                standard=True, active=True, level=level, audience=audience
            ).order_by("id")
            SurveyQuestion.objects.bulk_create(
                SurveyQuestion(survey=survey, item=item, position=n) for n, item in enumerate(items)
            )
    return survey


def _editable(survey: Survey) -> None:
    if Invitation.objects.filter(session__survey=survey).exists():
        raise Error(
            "This survey has been sent, so its questions stay as they are (the results"
            " would not compare). Create a new survey to ask something else."
        )


def add_question(*, actor: User | None, survey: Survey, item: SurveyItem) -> SurveyQuestion:
    """Put a bank item at the end of the survey.

    Raises:
        Error: when the survey was sent, the item is already in it or does not fit.
    """
    _editable(survey)
    if item.level != survey.level or item.audience != survey.audience:
        raise Error("This question is for another level or audience.")
    with transaction.atomic():
        if survey.questions.filter(item=item).exists():
            raise Error("This question is already in the survey.")
        last = survey.questions.aggregate(m=Max("position"))["m"]
        question = SurveyQuestion.objects.create(
            survey=survey, item=item, position=0 if last is None else last + 1
        )
    log.info("%s added item %s to survey %s", actor, item.pk, survey.pk)
    return question


def remove_question(*, actor: User | None, question: SurveyQuestion) -> None:
    """Take a question out of a survey that has not been sent."""
    _editable(question.survey)
    with transaction.atomic():
        question.delete()
    log.info("%s removed a question from survey %s", actor, question.survey_id)


def move_question(*, actor: User | None, question: SurveyQuestion, up: bool) -> None:
    """Swap a question with the one above (``up``) or below it."""
    _editable(question.survey)
    with transaction.atomic():
        ordered = list(question.survey.questions.select_for_update().order_by("position", "id"))
        at = next(n for n, q in enumerate(ordered) if q.pk == question.pk)
        other = at - 1 if up else at + 1
        if not 0 <= other < len(ordered):
            return
        ordered[at], ordered[other] = ordered[other], ordered[at]
        for n, q in enumerate(ordered):
            q.position = n
        SurveyQuestion.objects.bulk_update(ordered, ["position"])
    log.info("%s reordered survey %s", actor, question.survey_id)


# ----------------------------------------------------------------------------- sending


class Who:
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    STEP_DONE = "step_done"

    CHOICES = (
        (ENROLLED, "Everyone enrolled (not withdrawn)"),
        (COMPLETED, "Only people who completed the program's path"),
        (STEP_DONE, "Only people who completed the session's step"),
    )


def learners_for(program: Program, who: str, step: Step | None) -> list[int]:
    """Person ids of the program's learners that a delivery goes to."""
    enrolments = Enrolment.objects.filter(path__program=program, person__active=True)
    if who == Who.STEP_DONE:
        if step is None:
            raise Error("Choose the step of this session first, or send to another group.")
        done = StepProgress.objects.filter(step=step, status__in=DONE_STATUSES)
        enrolments = enrolments.filter(pk__in=done.values("enrolment_id"))
    elif who == Who.COMPLETED:
        enrolments = enrolments.filter(status=EnrolmentStatus.COMPLETED)
    else:
        enrolments = enrolments.exclude(status=EnrolmentStatus.WITHDRAWN)
    return sorted(set(enrolments.values_list("person_id", flat=True)))


def create_session(
    *,
    actor: User | None,
    survey: Survey,
    held_on: date,
    label: str,
    step: Step | None = None,
    closes_on: date | None = None,
) -> SurveySession:
    """Record one delivery of a survey (not sent yet)."""
    if step is not None and step.path.program_id != survey.program_id:
        raise Error("This step belongs to another program's path.")
    if closes_on is not None and closes_on < held_on:
        raise Error("The survey cannot close before the session.")
    if not survey.questions.exists():
        raise Error("This survey has no questions yet; add some first.")
    with transaction.atomic():
        return SurveySession.objects.create(
            survey=survey,
            held_on=held_on,
            label=label,
            step=step,
            closes_on=closes_on,
            created_by=actor,
        )


@dataclass(frozen=True, slots=True)
class Sent:
    invited: int
    already: int  # people the session had invited before
    without_manager: int  # manager follow-ups: learners nobody could be asked about


def send_session(
    *, actor: User | None, session: SurveySession, who: str, base_url: str = ""
) -> Sent:
    """Invite the chosen people to a session's survey and e-mail them after the commit.

    Learner surveys invite each learner; manager surveys invite each learner's manager
    once per learner. People invited before to the same session are skipped, so sending
    again reaches only newcomers. Invitations are written in bulk; the e-mails go from a
    background task once the invitations are saved.
    """
    survey = session.survey
    learners = learners_for(survey.program, who, session.step)
    wanted: list[tuple[int, int | None]]
    if survey.audience == Audience.MANAGER:
        managers = dict(
            Person.objects.filter(pk__in=learners, manager__active=True).values_list(
                "pk", "manager_id"
            )
        )
        wanted = [(managers[p], p) for p in learners if p in managers]
        without_manager = len(learners) - len(wanted)
    else:
        wanted = [(p, None) for p in learners]
        without_manager = 0
    with transaction.atomic():
        locked = SurveySession.objects.select_for_update().get(pk=session.pk)
        have = set(locked.invitations.values_list("person_id", "subject_id"))
        new = [Invitation(session=locked, person_id=p, subject_id=s) for p, s in wanted]
        new = [i for i in new if (i.person_id, i.subject_id) not in have]
        Invitation.objects.bulk_create(new, batch_size=BATCH)
        locked.sent_at = timezone.now()
        locked.save(update_fields=["sent_at", "updated_at"])
        if new:
            from mainspring.evaluation.tasks import email_invitations_task  # noqa: PLC0415

            session_id = session.pk
            transaction.on_commit(lambda: email_invitations_task.enqueue(session_id, base_url))
    log.info("%s sent session %s to %s people", actor, session.pk, len(new))
    return Sent(invited=len(new), already=len(wanted) - len(new), without_manager=without_manager)


def start_session(
    *,
    actor: User | None,
    survey: Survey,
    held_on: date,
    label: str,
    who: str,
    step: Step | None = None,
    closes_on: date | None = None,
    base_url: str = "",
) -> tuple[SurveySession, Sent]:
    """Record a delivery and send it, all or nothing (a refused send leaves no session)."""
    with transaction.atomic():
        session = create_session(
            actor=actor, survey=survey, held_on=held_on, label=label, step=step,
            closes_on=closes_on,
        )  # fmt: skip
        return session, send_session(actor=actor, session=session, who=who, base_url=base_url)


def email_invitations(session_id: int, base_url: str) -> int:
    """E-mail everyone invited to a session who has not had the e-mail yet; return how many.

    A manager asked about several learners gets one e-mail. Claims each batch with a
    conditional update, so two workers never mail the same person twice.
    """
    session = SurveySession.objects.select_related("survey__program").get(pk=session_id)
    pending = list(
        session.invitations.filter(emailed_at__isnull=True)
        .select_related("person", "subject")
        .order_by("person_id", "pk")
    )
    by_person: dict[int, list[Invitation]] = {}
    for invitation in pending:
        by_person.setdefault(invitation.person_id, []).append(invitation)
    messages: list[EmailMessage] = []
    now = timezone.now()
    for group in by_person.values():
        claimed = Invitation.objects.filter(
            pk__in=[i.pk for i in group], emailed_at__isnull=True
        ).update(emailed_at=now)
        person = group[0].person
        if claimed and person.email:
            messages.append(_message(session, group, base_url))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def _message(session: SurveySession, group: Sequence[Invitation], base_url: str) -> EmailMessage:
    survey = session.survey
    person = group[0].person
    if group[0].subject_id is None:
        link = base_url + reverse("evaluation:answer", args=[group[0].token])
        what = f"Please tell us what you thought of {survey.program.title} ({session.label})."
    else:
        link = base_url + reverse("evaluation:my-surveys")
        names = ", ".join(str(i.subject) for i in group)
        what = (
            f"Please tell us how {names} {'is' if len(group) == 1 else 'are'} applying what"
            f" they learned on {survey.program.title}."
        )
    body = (
        f"Hello {person.first_name},\n\n{what}\n\nIt takes a few minutes: {link}\n\n"
        'You can also find it under "My surveys" when you sign in.\n'
    )
    return EmailMessage(
        subject=survey.title, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email]
    )


# ----------------------------------------------------------------------------- answering


def submit_answers(
    *,
    actor: User | None,
    invitation: Invitation,
    values: Mapping[int, Decimal | str | None],
    consent: str = "",
) -> Invitation:
    """Store a person's answers (item id -> number or text) and close their invitation.

    Answers are final once submitted. Empty answers are not stored. ``consent`` applies
    to the free-text comment answers.

    Raises:
        Error: when the invitation was already answered or the survey has closed.
    """
    if consent not in QuoteConsent.values:
        raise Error("Choose whether we may quote you from the list.")
    today = timezone.localdate()
    if invitation.session.closes_on is not None and invitation.session.closes_on < today:
        raise Error("This survey has closed; thank you all the same.")
    items = {
        item_id: (kind, construct)
        for item_id, kind, construct in invitation.session.survey.questions.values_list(
            "item_id", "item__kind", "item__construct"
        )
    }
    answers = []
    for item_id, value in values.items():
        if item_id not in items or value is None or value == "":
            continue
        kind, construct = items[item_id]
        if kind == ItemKind.TEXT:
            quotable = consent if construct == Construct.COMMENT else ""
            answers.append(
                Answer(invitation=invitation, item_id=item_id, text=str(value), consent=quotable)
            )
        else:
            answers.append(Answer(invitation=invitation, item_id=item_id, number=Decimal(value)))
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, submitted_at__isnull=True).update(
            submitted_at=timezone.now(), updated_at=timezone.now()
        )
        if not claimed:
            raise Error("You have already answered this survey; thank you.")
        Answer.objects.bulk_create(answers)
    invitation.refresh_from_db()
    log.info("%s answered invitation %s", actor, invitation.pk)
    return invitation


# ----------------------------------------------------------------------------- personal data


def erase_person_answers(person: Person) -> None:
    """Delete the person's invitations and answers (aggregates lose them) and those about them."""
    with transaction.atomic():
        Invitation.objects.filter(person=person).delete()
        Invitation.objects.filter(subject=person).delete()
