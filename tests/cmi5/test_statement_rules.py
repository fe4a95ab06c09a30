"""Each cmi5 statement rule, broken by a unit over HTTP: refused with the spec's status."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from mainspring.cmi5 import vocabulary as v
from mainspring.cmi5.models import AssignableUnit, Session
from mainspring.records.models import Statement
from tests.cmi5.au import AU
from tests.cmi5.conftest import Launcher

Statement_ = dict[str, Any]


def _spoil(statement: Statement_, change: Callable[[Statement_], object]) -> Statement_:
    change(statement)
    return statement


def _drop_ext(s: Statement_, key: str) -> None:
    del s["context"]["extensions"][key]


def _categories(s: Statement_) -> list[Statement_]:
    found: list[Statement_] = s["context"]["contextActivities"]["category"]
    return found


# Each case: the statements sent first (all accepted), then the one that must be refused.
CASES: list[tuple[str, Callable[[AU], list[Statement_]], int, str]] = [
    ("completed before initialized", lambda a: [a.completed()], 403, "first statement"),
    (
        "allowed statement before initialized",
        lambda a: [a.statement("https://example.com/verbs/read", defined=False)],
        403,
        "first statement",
    ),
    ("initialized twice", lambda a: [a.initialized(), a.initialized()], 403, "already sent"),
    (
        "completed twice in a session",
        lambda a: [a.initialized(), a.completed(), a.completed()],
        403,
        "already sent",
    ),
    ("passed then failed", lambda a: [a.initialized(), a.passed(), a.failed()], 403, "not both"),
    ("failed then passed", lambda a: [a.initialized(), a.failed(), a.passed()], 403, "not both"),
    (
        "another registration",
        lambda a: [
            a.initialized(),
            _spoil(a.completed(), lambda s: s["context"].update(registration=str(uuid.uuid4()))),
        ],
        403,
        "registration",
    ),
    (
        "no registration",
        lambda a: [
            a.initialized(),
            _spoil(a.completed(), lambda s: s["context"].pop("registration")),
        ],
        400,
        "context.registration",
    ),
    (
        "the publisher id as object",
        lambda a: [
            _spoil(a.initialized(), lambda s: s["object"].update(id="https://x.example/au"))
        ],
        400,
        "activityId",
    ),
    (
        "no publisher id grouping",
        lambda a: [
            _spoil(a.initialized(), lambda s: s["context"]["contextActivities"].pop("grouping"))
        ],
        400,
        "grouping",
    ),
    (
        "a non-cmi5 verb with the cmi5 category",
        lambda a: [a.initialized(), a.statement("https://example.com/verbs/read")],
        400,
        "not a cmi5 verb",
    ),
    (
        "an LMS verb from the unit",
        lambda a: [a.initialized(), a.statement(v.SATISFIED)],
        403,
        "Only the LMS",
    ),
    (
        "voiding",
        lambda a: [
            a.initialized(),
            {
                **a.statement(v.VOIDED, defined=False),
                "object": {"objectType": "StatementRef", "id": str(uuid.uuid4())},
            },
        ],
        403,
        "void",
    ),
    (
        "a score on completed",
        lambda a: [
            a.initialized(),
            _spoil(a.completed(), lambda s: s["result"].update(score={"scaled": 1})),
        ],
        400,
        "score",
    ),
    (
        "passed without success",
        lambda a: [a.initialized(), _spoil(a.passed(), lambda s: s["result"].pop("success"))],
        400,
        "success true",
    ),
    (
        "failed with success true",
        lambda a: [
            a.initialized(),
            _spoil(a.failed(), lambda s: s["result"].update(success=True)),
        ],
        400,
        "success false",
    ),
    (
        "success on terminated",
        lambda a: [
            a.initialized(),
            _spoil(a.terminated(), lambda s: s["result"].update(success=True)),
        ],
        400,
        "no result.success",
    ),
    (
        "completed without completion",
        lambda a: [
            a.initialized(),
            _spoil(a.completed(), lambda s: s["result"].pop("completion")),
        ],
        400,
        "completion true",
    ),
    (
        "completion on passed",
        lambda a: [
            a.initialized(),
            _spoil(a.passed(), lambda s: s["result"].update(completion=True)),
        ],
        400,
        "no result.completion",
    ),
    (
        "terminated without duration",
        lambda a: [
            a.initialized(),
            _spoil(a.terminated(), lambda s: s["result"].pop("duration")),
        ],
        400,
        "duration",
    ),
    (
        "passed without the moveOn category",
        lambda a: [a.initialized(), _spoil(a.passed(), lambda s: _categories(s).pop())],
        400,
        "moveOn category",
    ),
    (
        "the moveOn category on initialized",
        lambda a: [
            _spoil(a.initialized(), lambda s: _categories(s).append({"id": v.CATEGORY_MOVEON}))
        ],
        400,
        "moveOn category",
    ),
    (
        "the moveOn category on an allowed statement",
        lambda a: [
            a.initialized(),
            _spoil(
                a.statement("https://example.com/verbs/read", defined=False),
                lambda s: s["context"]["contextActivities"].update(
                    category=[{"id": v.CATEGORY_MOVEON}]
                ),
            ),
        ],
        400,
        "moveOn category",
    ),
    (
        "passed below the masteryScore",
        lambda a: [a.initialized(), a.passed(0.5)],
        400,
        "below the masteryScore",
    ),
    (
        "failed at the masteryScore",
        lambda a: [a.initialized(), a.failed(0.8)],
        400,
        "reaches the masteryScore",
    ),
    (
        "passed without the masteryScore extension",
        lambda a: [a.initialized(), _spoil(a.passed(), lambda s: _drop_ext(s, v.EXT_MASTERY))],
        400,
        "masteryScore 0.8",
    ),
    (
        "a raw score without min and max",
        lambda a: [
            a.initialized(),
            _spoil(a.passed(), lambda s: s["result"].update(score={"raw": 9})),
        ],
        400,
        "min and max",
    ),
    (
        "progress over 100",
        lambda a: [
            a.initialized(),
            _spoil(
                a.statement("https://example.com/verbs/read", defined=False),
                lambda s: s.update(result={"extensions": {v.RESULT_PROGRESS: 120}}),
            ),
        ],
        400,
        "progress",
    ),
    (
        "someone else as actor",
        lambda a: [
            _spoil(
                a.initialized(),
                lambda s: s.update(
                    actor={"objectType": "Agent", "mbox": "mailto:other@example.com"}
                ),
            )
        ],
        403,
        "launched learner",
    ),
]


@pytest.mark.parametrize(("case", "build", "status", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_statement_breaking_a_rule_is_refused(  # noqa: PLR0917  (fixtures and parameters)
    unit: AssignableUnit,
    launch: Launcher,
    case: str,
    build: Callable[[AU], list[Statement_]],
    status: int,
    words: str,
) -> None:
    au = launch(unit)
    *accepted, refused = build(au)
    for statement in accepted:
        assert au.send(statement).status_code == 200, (case, statement["verb"])
    stored = Statement.objects.count()
    response = au.send(refused)
    assert response.status_code == status, response.content
    assert words in response.json()["error"]["message"]
    assert Statement.objects.count() == stored


def test_a_batch_with_one_bad_statement_stores_none(unit: AssignableUnit, launch: Launcher) -> None:
    au = launch(unit)
    response = au.send(au.initialized(), au.passed(0.5))
    assert response.status_code == 400
    assert list(Statement.objects.values_list("verb", flat=True)) == [v.LAUNCHED]
    assert Session.objects.get().state == "launched"  # the session did not move either


def test_allowed_statements_count_between_initialized_and_terminated(
    unit: AssignableUnit, launch: Launcher
) -> None:
    au = launch(unit)
    first = au.initialized()
    read = au.statement("https://example.com/verbs/read", defined=False)
    assert au.send(first, read, au.terminated()).status_code == 200


def test_order_inside_a_batch_is_timestamp_order(unit: AssignableUnit, launch: Launcher) -> None:
    au = launch(unit)
    read = au.statement("https://example.com/verbs/read", defined=False)
    first = au.initialized()  # sent first, but stamped after the statement above
    response = au.send(first, read)
    assert response.status_code == 403
    assert "first statement" in response.json()["error"]["message"]


def test_nothing_follows_terminated_in_the_same_batch(
    unit: AssignableUnit, launch: Launcher
) -> None:
    au = launch(unit)
    response = au.send(au.initialized(), au.terminated(), au.completed())
    assert response.status_code == 403
    assert "has ended" in response.json()["error"]["message"]


def test_after_terminated_the_token_no_longer_works(unit: AssignableUnit, launch: Launcher) -> None:
    au = launch(unit)
    assert au.send(au.initialized(), au.terminated()).status_code == 200
    assert au.send(au.completed()).status_code == 401


@pytest.mark.parametrize(
    ("first", "then", "words"),
    [
        ("completed", "completed", "once per registration"),
        ("passed", "passed", "once per registration"),
        ("passed", "failed", "cannot follow 'passed'"),
    ],
)
def test_registration_rules_hold_across_sessions(
    unit: AssignableUnit, launch: Launcher, first: str, then: str, words: str
) -> None:
    # given a first session that sent `first` and terminated
    au = launch(unit)
    assert au.send(au.initialized(), getattr(au, first)(), au.terminated()).status_code == 200
    # when a second session of the same registration sends `then`
    again = launch(unit)
    assert again.registration == au.registration
    assert again.send(again.initialized()).status_code == 200
    response = again.send(getattr(again, then)())
    # then it is refused
    assert response.status_code == 403
    assert words in response.json()["error"]["message"]


def test_failed_may_come_before_passed_in_later_sessions(
    unit: AssignableUnit, launch: Launcher
) -> None:
    au = launch(unit)
    assert au.send(au.initialized(), au.failed(), au.terminated()).status_code == 200
    again = launch(unit)
    assert again.send(again.initialized(), again.passed(), again.terminated()).status_code == 200
