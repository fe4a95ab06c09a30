"""The cmi5 statement rules for one unit session, and moveOn: plain values in, decisions out.

Statements a unit sends with its session's credentials are checked here before the LRS
stores them (cmi5 Quartz §6.3: the LMS SHOULD reject statements that conflict with §9).
A refusal raises one of :mod:`mainspring.records.errors`: 400 Bad Request when the
statement itself is malformed for cmi5 (a missing session id, a score on ``completed``,
``passed`` below the mastery score), 403 Forbidden when it is well formed but not
allowed now (anything before ``initialized`` or after ``terminated``, a verb repeated in
the session, a second ``passed`` in the registration, a verb only the LMS may use).

Rules implemented (section numbers of the Quartz specification):

- §7.1.3 a statement with the cmi5 category is "cmi5 defined" and uses a cmi5 verb;
  one without it is "cmi5 allowed" and only counts between initialized and terminated;
- §9.2 / §9.4 / §9.6 the actor, object, registration, session id and publisher id
  grouping of the launch;
- §9.3 within a session: initialized first and once, no verb twice, one of passed or
  failed, terminated last; within a registration: one completed, one passed, no failed
  after passed; ``launched``, ``abandoned``, ``waived`` and ``satisfied`` are the LMS's;
- §9.5 score only on passed/failed (and consistent with masteryScore, §9.3.4, §9.3.5,
  §9.6.3.2), success only on passed (true) and failed (false), completion only on
  completed (true), duration on completed, passed, failed and terminated, progress an
  integer from 0 to 100;
- §9.6.2.2 the moveOn category exactly on statements whose result has success or
  completion;
- §6.3 a unit may not void statements; §10 launchMode Browse and Review allow only
  initialized and terminated.

Order is arrival order across requests, and timestamp order inside one batch (§9.3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from mainspring.cmi5 import vocabulary as v
from mainspring.records.agents import agent_key
from mainspring.records.errors import BadRequestError, ForbiddenError

LAUNCHED, INITIALIZED, TERMINATED, ABANDONED = "launched", "initialized", "terminated", "abandoned"
NEEDS_DURATION = frozenset({v.COMPLETED, v.PASSED, v.FAILED, v.TERMINATED})
MAX_PROGRESS = 100


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What the rules need to know about a session and its unit's registration record."""

    session_id: str
    registration: str
    activity_id: str
    publisher_id: str
    actor_key: str
    state: str  # launched, initialized, terminated or abandoned
    verbs: tuple[str, ...] = ()  # cmi5 defined verbs already sent in this session
    mastery_score: Decimal | None = None
    launch_mode: str = "Normal"
    completed: bool = False  # in this registration, for this unit
    passed: bool = False
    failed: bool = False


def _name(verb: str) -> str:
    return v.VERB_NAMES.get(verb, verb)


def _ids(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    return {str(item.get("id")) for item in items if isinstance(item, dict)}


def _moment(statement: Mapping[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(statement.get("timestamp", "")))
    except ValueError:
        return None


def _in_time_order(statements: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    moments = [_moment(s) for s in statements]
    if any(m is None or m.tzinfo is None for m in moments):
        return list(statements)
    indexed = sorted(range(len(statements)), key=lambda i: (moments[i], i))
    return [statements[i] for i in indexed]


def check_batch(facts: SessionFacts, statements: Sequence[Mapping[str, Any]]) -> SessionFacts:
    """Check a batch sent with the session's credentials; return the session as it then is.

    Raises:
        BadRequestError: a statement is malformed for cmi5.
        ForbiddenError: a statement is not allowed at this point of the session.
    """
    for statement in _in_time_order(statements):
        facts = check_statement(facts, statement)
    return facts


def _check_common(facts: SessionFacts, statement: Mapping[str, Any], verb: str) -> None:
    if verb == v.VOIDED:
        raise ForbiddenError("A cmi5 unit may not void statements (cmi5 §6.3).")
    if facts.state in (TERMINATED, ABANDONED):
        raise ForbiddenError(
            f"Session {facts.session_id} has ended ({facts.state}); it takes no more statements "
            "(cmi5 §9.3.8). Launch the unit again for a new session."
        )
    try:
        key = agent_key(statement.get("actor") or {})
    except ValueError:
        key = ""
    if key != facts.actor_key:
        raise ForbiddenError(
            "Statements of a cmi5 session are about the launched learner: use the actor from "
            "the launch URL (cmi5 §8.1, §9.2)."
        )
    if verb in v.LMS_VERBS:
        raise ForbiddenError(f"Only the LMS sends {_name(verb)!r} statements (cmi5 §9.3).")


def check_statement(facts: SessionFacts, statement: Mapping[str, Any]) -> SessionFacts:
    """Check one statement against the session; return the session after it."""
    verb = str((statement.get("verb") or {}).get("id", ""))
    _check_common(facts, statement, verb)
    context = statement.get("context") if isinstance(statement.get("context"), dict) else {}
    assert isinstance(context, dict)
    extensions = context.get("extensions") if isinstance(context.get("extensions"), dict) else {}
    assert isinstance(extensions, dict)
    if v.EXT_SESSION not in extensions:
        raise BadRequestError(
            "A cmi5 session's statements carry the session id in context.extensions "
            f"{v.EXT_SESSION!r} (cmi5 §9.6.3.1); take the contextTemplate from LMS.LaunchData."
        )
    if str(extensions[v.EXT_SESSION]) != facts.session_id:
        raise ForbiddenError("The session id in the statement is not this session's.")
    registration = context.get("registration")
    if registration is not None and str(registration).lower() != facts.registration:
        raise ForbiddenError("The statement's registration is not the one of the launch.")
    activities = context.get("contextActivities")
    activities = activities if isinstance(activities, dict) else {}
    categories = _ids(activities.get("category"))
    result = statement.get("result") if isinstance(statement.get("result"), dict) else {}
    assert isinstance(result, dict)
    _check_progress(result)
    if v.CATEGORY_CMI5 not in categories:
        return _allowed(facts, categories)
    if verb not in v.AU_VERBS:
        raise BadRequestError(
            f"The cmi5 category marks cmi5 defined statements, and {verb!r} is not a cmi5 verb "
            "(cmi5 §7.1.3); leave the category out of other statements."
        )
    if registration is None:
        raise BadRequestError("cmi5 defined statements carry context.registration (cmi5 §9.6.1).")
    obj = statement.get("object") or {}
    if obj.get("objectType", "Activity") != "Activity" or obj.get("id") != facts.activity_id:
        raise BadRequestError(
            f"The object of a cmi5 defined statement is the unit, id {facts.activity_id!r} "
            "(the activityId of the launch URL, cmi5 §9.4)."
        )
    if facts.publisher_id not in _ids(activities.get("grouping")):
        raise BadRequestError(
            "cmi5 defined statements keep the contextTemplate's grouping activity "
            f"{facts.publisher_id!r} (cmi5 §9.6.2.3)."
        )
    _check_result(facts, verb, categories, result, extensions)
    return _order(facts, verb)


def _allowed(facts: SessionFacts, categories: set[str]) -> SessionFacts:
    if v.CATEGORY_MOVEON in categories:
        raise BadRequestError(
            "The moveOn category belongs on cmi5 defined statements only (cmi5 §9.6.2.2)."
        )
    if facts.state == LAUNCHED:
        raise ForbiddenError(
            "The first statement of a session is a cmi5 'initialized' (cmi5 §7.1.1, §9.3.2)."
        )
    return facts


def _check_progress(result: Mapping[str, Any]) -> None:
    extensions = result.get("extensions")
    if not isinstance(extensions, dict) or v.RESULT_PROGRESS not in extensions:
        return
    value = extensions[v.RESULT_PROGRESS]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PROGRESS:
        raise BadRequestError("The progress extension is a whole number from 0 to 100 (§9.5.5.1).")


def _check_result(
    facts: SessionFacts,
    verb: str,
    categories: set[str],
    result: Mapping[str, Any],
    extensions: Mapping[str, Any],
) -> None:
    name = _name(verb)
    judged = verb in (v.PASSED, v.FAILED)
    if "score" in result and not judged:
        raise BadRequestError(f"Only passed and failed carry a score, not {name} (cmi5 §9.5.1).")
    if verb == v.PASSED and result.get("success") is not True:
        raise BadRequestError("A passed statement has result.success true (cmi5 §9.5.2).")
    if verb == v.FAILED and result.get("success") is not False:
        raise BadRequestError("A failed statement has result.success false (cmi5 §9.5.2).")
    if not judged and "success" in result:
        raise BadRequestError(f"A {name} statement has no result.success (cmi5 §9.5.2).")
    if verb == v.COMPLETED and result.get("completion") is not True:
        raise BadRequestError("A completed statement has result.completion true (cmi5 §9.5.3).")
    if verb != v.COMPLETED and "completion" in result:
        raise BadRequestError(f"A {name} statement has no result.completion (cmi5 §9.5.3).")
    if verb in NEEDS_DURATION and "duration" not in result:
        raise BadRequestError(f"A {name} statement has result.duration (cmi5 §9.5.4.1).")
    judging = "success" in result or "completion" in result
    if judging and v.CATEGORY_MOVEON not in categories:
        raise BadRequestError(
            f"A {name} statement carries the moveOn category {v.CATEGORY_MOVEON!r} (cmi5 §9.6.2.2)."
        )
    if not judging and v.CATEGORY_MOVEON in categories:
        raise BadRequestError(
            f"A {name} statement has no success or completion, so no moveOn category (§9.6.2.2)."
        )
    score = result.get("score") if isinstance(result.get("score"), dict) else {}
    assert isinstance(score, dict)
    if "raw" in score and ("min" not in score or "max" not in score):
        raise BadRequestError("A raw score comes with min and max (cmi5 §9.5.1).")
    if judged and facts.mastery_score is not None:
        _check_mastery(facts.mastery_score, verb, score, extensions)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _check_mastery(
    mastery: Decimal, verb: str, score: Mapping[str, Any], extensions: Mapping[str, Any]
) -> None:
    sent = _decimal(extensions.get(v.EXT_MASTERY))
    if sent is None or sent != mastery:
        raise BadRequestError(
            f"passed and failed statements carry the masteryScore {mastery} in context.extensions "
            f"{v.EXT_MASTERY!r} (cmi5 §9.6.3.2)."
        )
    scaled = _decimal(score.get("scaled"))
    if scaled is None:
        return
    if verb == v.PASSED and scaled < mastery:
        raise BadRequestError(
            f"A scaled score of {scaled} is below the masteryScore {mastery}: that is failed, "
            "not passed (cmi5 §9.3.4)."
        )
    if verb == v.FAILED and scaled >= mastery:
        raise BadRequestError(
            f"A scaled score of {scaled} reaches the masteryScore {mastery}: that is passed, "
            "not failed (cmi5 §9.3.5)."
        )


def _order(facts: SessionFacts, verb: str) -> SessionFacts:
    name = _name(verb)
    if facts.state == LAUNCHED and verb != v.INITIALIZED:
        raise ForbiddenError(
            f"The first statement of a session is 'initialized', not {name!r} (cmi5 §9.3.2)."
        )
    if verb in facts.verbs:
        raise ForbiddenError(f"{name!r} was already sent in this session (cmi5 §9.3).")
    if facts.launch_mode != "Normal" and verb not in (v.INITIALIZED, v.TERMINATED):
        raise ForbiddenError(
            f"In {facts.launch_mode} mode a unit sends only initialized and terminated (§10)."
        )
    if verb in (v.PASSED, v.FAILED) and ({v.PASSED, v.FAILED} & set(facts.verbs)):
        raise ForbiddenError("A session has one passed or one failed, not both (cmi5 §9.3).")
    if verb == v.COMPLETED and facts.completed:
        raise ForbiddenError("'completed' is sent once per registration (cmi5 §9.3.3).")
    if verb == v.PASSED and facts.passed:
        raise ForbiddenError("'passed' is sent once per registration (cmi5 §9.3.4).")
    if verb == v.FAILED and facts.passed:
        raise ForbiddenError("A 'failed' cannot follow 'passed' in a registration (cmi5 §9.3).")
    state = {v.INITIALIZED: INITIALIZED, v.TERMINATED: TERMINATED}.get(verb, facts.state)
    return replace(
        facts,
        state=state,
        verbs=(*facts.verbs, verb),
        completed=facts.completed or verb == v.COMPLETED,
        passed=facts.passed or verb == v.PASSED,
        failed=facts.failed or verb == v.FAILED,
    )


# --- moveOn (cmi5 §13.1.4 moveOn, §9.3.9 satisfied)


def unit_satisfied(move_on: str, *, completed: bool, passed: bool) -> bool:
    """Whether a unit's moveOn criterion is met by what the registration recorded."""
    if move_on == "NotApplicable":
        return True
    if move_on == "Passed":
        return passed
    if move_on == "Completed":
        return completed
    if move_on == "CompletedAndPassed":
        return completed and passed
    return completed or passed  # CompletedOrPassed


def satisfied_blocks(
    parents: Mapping[int, int | None],
    unit_blocks: Mapping[int, int | None],
    satisfied_units: set[int],
) -> set[int]:
    """The blocks all of whose units (nested blocks' included) are satisfied.

    Args:
        parents: block -> the block it sits in (None at the top).
        unit_blocks: unit -> the block it sits in (None at the top).
        satisfied_units: the units whose moveOn is met.
    """
    pending: dict[int, bool] = dict.fromkeys(parents, True)
    holds: dict[int, bool] = dict.fromkeys(parents, False)
    for unit, home in unit_blocks.items():
        block = home
        while block is not None:
            holds[block] = True
            if unit not in satisfied_units:
                pending[block] = False
            block = parents.get(block)
    return {b for b in parents if holds[b] and pending[b]}
