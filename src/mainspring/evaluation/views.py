from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.evaluation import actions, queries, scoring
from mainspring.evaluation.forms import (
    AddQuestionForm,
    AnswerForm,
    ItemForm,
    PeriodForm,
    PlanForm,
    SendForm,
    SessionForm,
    SurveyForm,
)
from mainspring.evaluation.models import SurveyLevel
from mainspring.evaluation.permissions import (
    can_manage_evaluation,
    can_read_comments,
    can_see_respondents,
    can_view_results,
    has_surveys,
)
from mainspring.web.http import AuthedRequest, form_status, require

PAGE = 50


# ----------------------------------------------------------------------------- programs and plans


@login_required
@require_GET
def program_list(request: AuthedRequest) -> HttpResponse:
    require(can_view_results(request.user))
    manage = can_manage_evaluation(request.user)
    visible = set(queries.programs_visible_to(request.user).values_list("pk", flat=True))
    rows = [r for r in queries.plan_rows() if r.program.pk in visible]
    return render(request, "evaluation/program_list.html", {"rows": rows, "manage": manage})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    program = queries.get_program(pk)
    plan = queries.plan_of(program)
    kpis = queries.program_kpis(program)
    form = PlanForm(request.POST or None, instance=plan, kpis=kpis)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_plan(actor=request.user, program=program, data=form.plan_data())
        missing = saved.missing
        if missing:
            messages.success(request, f"Plan saved. Still to fill in: {', '.join(missing)}.")
        else:
            messages.success(request, "Plan saved. It is complete.")
        return redirect("evaluation:plan-edit", pk=program.pk)
    context = {"program": program, "plan": plan, "form": form, "has_kpis": kpis.exists()}
    return render(request, "evaluation/plan_edit.html", context, status=form_status(form))


def _period(form: PeriodForm) -> tuple[int, date, date]:
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    end = data.get("end") or today
    start = data.get("start") or end - timedelta(days=365)
    return data.get("level") or SurveyLevel.REACTION, min(start, end), max(start, end)


@login_required
@require_GET
def results(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_view_results(request.user))
    program = queries.get_program_for(request.user, pk)
    form = PeriodForm(request.GET or None)
    level, start, end = _period(form)
    context = {
        "program": program,
        "plan": queries.plan_of(program),
        "form": form,
        "level": level,
        "start": start,
        "end": end,
        "results": queries.program_results(program, level, start, end),
        "can_comments": can_read_comments(request.user),
        "manage": can_manage_evaluation(request.user),
        "min_answers": scoring.MIN_ANSWERS,
    }
    return render(request, "evaluation/results.html", context)


@login_required
@require_GET
def comments(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_read_comments(request.user))
    program = queries.get_program_for(request.user, pk)
    session = request.GET.get("session", "")
    filters = queries.CommentFilters(
        testimonials=request.GET.get("testimonials") == "1",
        session_pk=int(session) if session.isdigit() else None,
    )
    page = Paginator(queries.comments_of(program, filters), PAGE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "page": page,
        "filters": filters,
        "names": can_see_respondents(request.user),
        "testimonials": queries.testimonial_count(program),
    }
    return render(request, "evaluation/comments.html", context)


# ----------------------------------------------------------------------------- surveys


@login_required
@require_GET
def survey_list(request: AuthedRequest) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    page = Paginator(queries.all_surveys(), PAGE).get_page(request.GET.get("page"))
    return render(request, "evaluation/survey_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    program = queries.get_program(pk)
    form = SurveyForm(request.POST or None, initial={"title": f"{program.title}: your feedback"})
    if request.method == "POST" and form.is_valid():
        survey = actions.create_survey(actor=request.user, program=program, **form.cleaned_data)
        messages.success(request, f"Survey created with {survey.questions.count()} questions.")
        return redirect("evaluation:survey-detail", pk=survey.pk)
    context = {"program": program, "form": form}
    return render(request, "evaluation/survey_new.html", context, status=form_status(form))


@login_required
@require_GET
def survey_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    survey = queries.get_survey(pk)
    page = Paginator(queries.sessions_of(survey), PAGE).get_page(request.GET.get("page"))
    context = {
        "survey": survey,
        "questions": queries.questions_of(survey),
        "add_form": AddQuestionForm(items=queries.items_to_add(survey)),
        "page": page,
        "locked": queries.is_sent(survey),
    }
    return render(request, "evaluation/survey_detail.html", context)


@login_required
@require_POST
def question_add(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    survey = queries.get_survey(pk)
    form = AddQuestionForm(request.POST, items=queries.items_to_add(survey))
    if not form.is_valid():
        messages.error(request, "Choose a question from the list.")
    else:
        try:
            actions.add_question(actor=request.user, survey=survey, item=form.cleaned_data["item"])
        except actions.Error as error:
            messages.error(request, str(error))
    return redirect("evaluation:survey-detail", pk=survey.pk)


@login_required
@require_POST
def question_move(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    question = queries.get_question(pk)
    try:
        actions.move_question(
            actor=request.user, question=question, up=request.POST.get("direction") == "up"
        )
    except actions.Error as error:
        messages.error(request, str(error))
    return redirect("evaluation:survey-detail", pk=question.survey_id)


@login_required
@require_POST
def question_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    question = queries.get_question(pk)
    try:
        actions.remove_question(actor=request.user, question=question)
    except actions.Error as error:
        messages.error(request, str(error))
    return redirect("evaluation:survey-detail", pk=question.survey_id)


# ----------------------------------------------------------------------------- sessions


def _base_url(request: AuthedRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _sent_message(sent: actions.Sent) -> str:
    parts = [f"Invited {sent.invited} {'person' if sent.invited == 1 else 'people'}"]
    if sent.already:
        parts.append(f"{sent.already} had been invited before")
    if sent.without_manager:
        parts.append(f"{sent.without_manager} learners have no manager to ask")
    return "; ".join(parts) + "."


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    survey = queries.get_survey(pk)
    form = SessionForm(request.POST or None, steps=queries.program_steps(survey.program))
    if request.method == "POST" and form.is_valid():
        try:
            session, sent = actions.start_session(
                actor=request.user,
                survey=survey,
                base_url=_base_url(request),
                **form.cleaned_data,
            )
        except actions.Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _sent_message(sent))
            return redirect("evaluation:session-detail", pk=session.pk)
    context = {"survey": survey, "form": form}
    return render(request, "evaluation/session_new.html", context, status=form_status(form))


@login_required
@require_GET
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    session = queries.get_session(pk)
    context = {
        "session": session,
        "results": queries.session_results(session),
        "send_form": SendForm(),
    }
    return render(request, "evaluation/session_detail.html", context)


@login_required
@require_POST
def session_send(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    session = queries.get_session(pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose who to send the survey to.")
    else:
        try:
            sent = actions.send_session(
                actor=request.user,
                session=session,
                who=form.cleaned_data["who"],
                base_url=_base_url(request),
            )
        except actions.Error as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _sent_message(sent))
    return redirect("evaluation:session-detail", pk=session.pk)


# ----------------------------------------------------------------------------- the item bank


@login_required
@require_http_methods(["GET", "POST"])
def item_list(request: AuthedRequest) -> HttpResponse:
    require(can_manage_evaluation(request.user))
    actions.ensure_item_bank()
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = actions.create_item(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added “{item.wording}” to the bank.")
        return redirect("evaluation:item-list")
    context = {"items": queries.bank_items(), "form": form}
    return render(request, "evaluation/item_list.html", context, status=form_status(form))


# ----------------------------------------------------------------------------- answering


@login_required
@require_GET
def my_surveys(request: AuthedRequest) -> HttpResponse:
    require(has_surveys(request.user))
    assert request.user.person is not None
    person = request.user.person
    open_ = list(queries.open_invitations(person, timezone.localdate()))
    done = list(queries.my_invitations(person).filter(submitted_at__isnull=False))
    return render(request, "evaluation/my_surveys.html", {"open": open_, "done": done})


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthedRequest, token: str) -> HttpResponse:
    require(has_surveys(request.user))
    invitation = queries.get_invitation_for(request.user, token)
    questions = queries.questions_of(invitation.session.survey)
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_answers(
                actor=request.user,
                invitation=invitation,
                values=form.values(),
                consent=form.consent(),
            )
        except actions.Error as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Thank you: your answers are saved.")
        return redirect("evaluation:my-surveys")
    closes_on = invitation.session.closes_on
    context = {
        "invitation": invitation,
        "form": form,
        "survey": invitation.session.survey,
        "closed": closes_on is not None and closes_on < timezone.localdate(),
    }
    return render(request, "evaluation/answer.html", context, status=form_status(form))
