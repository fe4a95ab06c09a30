"""Every URL, requested as every role: who gets 200, 302, 403, 404 or 405.

The table below is the permission policy in executable form. A URL added to the
project without a row here fails ``test_every_url_has_a_row``, so nobody can add
a page and forget to decide who may see it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mainspring.org import actions
from mainspring.org.models import Engagement, ImportKind, Stakeholder
from mainspring.strategy import actions as strategy_actions
from mainspring.strategy.models import KPI, BusinessGoal, LearningNeed
from tests.conftest import Cast
from tests.web import (
    rows_cmi5,
    rows_evaluation,
    rows_experiences_catalogue,
    rows_experiences_enrolments,
    rows_experiences_paths,
    rows_factory,
    rows_factory_board,
    rows_factory_intake,
    rows_factory_projects,
    rows_factory_team,
    rows_factory_vendors,
    rows_impact,
    rows_records_clients,
    rows_records_ui,
    rows_records_xapi,
    rows_reports,
    rows_strategy_api,
    rows_strategy_checks,
    rows_strategy_document,
    rows_strategy_exports,
)
from tests.web.matrix import NONE, ROLES, Row, everyone, only

LEA = lambda c, j: {"pk": c.org.lea.pk}  # noqa: E731
SARA = lambda c, j: {"pk": c.org.sara.pk}  # noqa: E731
DEPOT = lambda c, j: {"pk": c.org.depot.pk}  # noqa: E731
SALES = lambda c, j: {"pk": c.org.sales.pk}  # noqa: E731
JOB = lambda c, j: {"pk": j.pk}  # noqa: E731
MISSING = lambda c, j: {"pk": 999_999}  # noqa: E731


def _goal_pk(c: Cast, j: Any) -> dict[str, Any]:
    goal = BusinessGoal.objects.first() or strategy_actions.create_goal(
        actor=None, title="Fewer incidents", driver="pain"
    )
    return {"pk": goal.pk}


def _need_pk(c: Cast, j: Any) -> dict[str, Any]:
    need = LearningNeed.objects.first() or strategy_actions.create_need(
        actor=None, title="Load securing", gap_type="skill"
    )
    return {"pk": need.pk}


def _kpi_pk(c: Cast, j: Any) -> dict[str, Any]:
    kpi = KPI.objects.first() or strategy_actions.create_kpi(actor=None, code="INC", name="Inc")
    return {"pk": kpi.pk}


GOAL, KPI_PK = _goal_pk, _kpi_pk
ORG_VIEWERS = {"leader": 200, "staff": 200, "stakeholder": 200, "executive": 200}
STRATEGY_READERS = ORG_VIEWERS
STRATEGY_EDITORS = {"leader": 200, "staff": 200}
PARTNERS = {"leader": 200, "staff": 200}  # the learning team's own register


def _partner(c: Cast, j: Any) -> Any:
    found = Stakeholder.objects.first()
    return found or actions.create_stakeholder(
        actor=None, data=actions.StakeholderData(category="peer", person=c.org.sam)
    )


def _engagement_pk(c: Cast, j: Any) -> dict[str, Any]:
    found = Engagement.objects.first() or actions.log_engagement(
        actor=None, stakeholder=_partner(c, j), on=date(2025, 1, 1), next_step="Call back"
    )
    return {"pk": found.pk}


PARTNER = lambda c, j: {"pk": _partner(c, j).pk}  # noqa: E731
ENGAGEMENT = _engagement_pk

BASE_ROWS: list[Row] = [
    Row("web:home", NONE, everyone(200)),
    Row("web:login", NONE, everyone(302, anonymous=200)),
    Row("web:logout", NONE, everyone(405, anonymous=405)),
    Row("web:account", NONE, everyone(200)),
    Row("web:account-token", NONE, everyone(405)),
    Row("web:audit-log", NONE, only({"leader": 200})),
    Row("web:healthz", NONE, everyone(200, anonymous=200)),
    Row(
        "web:section",
        lambda c, j: {"slug": "strategy"},
        only(dict.fromkeys(STRATEGY_READERS, 302)),
        "strategy",
    ),
    Row(
        "web:section",
        lambda c, j: {"slug": "experiences"},
        only({"leader": 302, "staff": 302, "stakeholder": 302, "learner": 302, "manager": 302}),
        "experiences",
    ),
    Row(
        "web:section",
        lambda c, j: {"slug": "technology"},
        only({"leader": 200, "staff": 200, "executive": 200}),
        "technology",
    ),
    Row(
        "web:section",
        lambda c, j: {"slug": "factory"},
        only({"leader": 302, "staff": 302, "executive": 302, "stakeholder": 302}),
        "factory",
    ),
    Row(
        "web:section",
        lambda c, j: {"slug": "impact"},
        only({"leader": 302, "staff": 302, "stakeholder": 302, "executive": 302}),
        "impact",
    ),
    Row(
        "web:section",
        lambda c, j: {"slug": "outreach"},
        only({"leader": 200, "staff": 200, "executive": 200}),
        "outreach",
    ),
    Row("web:section", lambda c, j: {"slug": "nowhere"}, everyone(404), "unknown"),
    Row(
        "org:index", NONE, only({"leader": 302, "staff": 302, "stakeholder": 302, "executive": 302})
    ),
    Row("org:person-list", NONE, only({"leader": 200, "staff": 200, "stakeholder": 200})),
    Row(
        "org:person-detail",
        LEA,
        only(
            {
                "leader": 200,
                "staff": 200,
                "stakeholder": 200,
                "executive": 404,
                "learner": 200,
                "manager": 200,
            }
        ),
        "inside every scope",
    ),
    Row(
        "org:person-detail",
        SARA,
        only(
            {
                "leader": 200,
                "staff": 200,
                "stakeholder": 404,
                "executive": 404,
                "learner": 404,
                "manager": 404,
            }
        ),
        "outside the scopes",
    ),
    Row("org:person-edit", LEA, only({"leader": 200})),
    Row("org:person-create", NONE, only({"leader": 200})),
    Row("org:person-export", LEA, only({"leader": 200, "learner": 200, "executive": 404})),
    Row(
        "org:person-export",
        SARA,
        only({"leader": 200, "stakeholder": 404, "executive": 404, "learner": 404, "manager": 404}),
        "someone else",
    ),
    Row("org:person-erase", LEA, only({"leader": 200})),
    Row(
        "org:me",
        NONE,
        only(
            {
                "leader": 404,
                "staff": 404,
                "executive": 404,
                "stakeholder": 302,
                "learner": 302,
                "manager": 302,
            }
        ),
    ),
    Row(
        "org:team",
        NONE,
        only(
            {
                "leader": 404,
                "staff": 404,
                "executive": 404,
                "stakeholder": 200,
                "learner": 200,
                "manager": 200,
            }
        ),
    ),
    Row("org:unit-tree", NONE, only(ORG_VIEWERS)),
    Row("org:unit-create", NONE, only({"leader": 200})),
    Row("org:unit-detail", DEPOT, only(ORG_VIEWERS), "inside the stakeholder's scope"),
    Row("org:unit-detail", SALES, only({**ORG_VIEWERS, "stakeholder": 404}), "outside it"),
    Row("org:unit-children", DEPOT, only(ORG_VIEWERS)),
    Row("org:unit-edit", DEPOT, only({"leader": 200})),
    Row("org:user-list", NONE, only({"leader": 200})),
    Row("org:user-create", NONE, only({"leader": 200})),
    Row("org:user-edit", lambda c, j: {"pk": c.learner.pk}, only({"leader": 200})),
    Row("org:import-list", NONE, only({"leader": 200})),
    Row("org:partner-list", NONE, only(PARTNERS)),
    Row("org:partner-create", NONE, only(PARTNERS)),
    Row("org:partner-detail", PARTNER, only(PARTNERS)),
    Row("org:partner-edit", PARTNER, only(PARTNERS)),
    Row("org:engagement-done", ENGAGEMENT, only({"leader": 405, "staff": 405}, others=405)),
    Row("org:import-new", NONE, only({"leader": 200})),
    Row("org:import-template", lambda c, j: {"kind": "people"}, only({"leader": 200})),
    Row("org:import-detail", JOB, only({"leader": 200})),
    Row("org:import-apply", JOB, everyone(405)),
    Row("org:import-cancel", JOB, everyone(405)),
    Row("org:import-errors", JOB, only({"leader": 200})),
    Row("strategy:index", NONE, only(STRATEGY_READERS)),
    Row("strategy:goal-list", NONE, only(STRATEGY_READERS)),
    Row("strategy:goal-create", NONE, only(STRATEGY_EDITORS)),
    Row("strategy:goal-detail", GOAL, only(STRATEGY_READERS)),
    Row("strategy:goal-detail", MISSING, only(dict.fromkeys(STRATEGY_READERS, 404)), "missing"),
    Row("strategy:goal-edit", GOAL, only(STRATEGY_EDITORS)),
    Row("strategy:kpi-list", NONE, only(STRATEGY_READERS)),
    Row("strategy:kpi-create", NONE, only(STRATEGY_EDITORS)),
    Row("strategy:kpi-detail", KPI_PK, only(STRATEGY_READERS)),
    Row("strategy:kpi-detail", MISSING, only(dict.fromkeys(STRATEGY_READERS, 404)), "missing"),
    Row("strategy:kpi-edit", KPI_PK, only(STRATEGY_EDITORS)),
    Row("strategy:observation-add", KPI_PK, only(STRATEGY_EDITORS)),
    Row("strategy:need-list", NONE, only(STRATEGY_READERS)),
    Row("strategy:need-create", NONE, only(STRATEGY_EDITORS)),
    Row("strategy:need-detail", _need_pk, only(STRATEGY_READERS)),
    Row("strategy:need-detail", MISSING, only(dict.fromkeys(STRATEGY_READERS, 404)), "missing"),
    Row("strategy:need-edit", _need_pk, only(STRATEGY_EDITORS)),
    Row("api:api-root", NONE, everyone(200, anonymous=401)),
    # The schema and its docs describe the API, not anyone's data: public.
    Row("api:schema", NONE, everyone(200, anonymous=200)),
    Row("api:docs", NONE, everyone(200, anonymous=200)),
    Row("api:me", NONE, everyone(200, anonymous=401)),
    Row(
        "api:person-list",
        NONE,
        {
            "anonymous": 401,
            "leader": 200,
            "staff": 200,
            "stakeholder": 200,
            "executive": 403,
            "learner": 200,
            "manager": 200,
        },
    ),
    Row(
        "api:person-detail",
        LEA,
        {
            "anonymous": 401,
            "leader": 200,
            "staff": 200,
            "stakeholder": 200,
            "executive": 404,
            "learner": 200,
            "manager": 200,
        },
        "inside every scope",
    ),
    Row(
        "api:person-detail",
        SARA,
        {
            "anonymous": 401,
            "leader": 200,
            "staff": 200,
            "stakeholder": 404,
            "executive": 404,
            "learner": 404,
            "manager": 404,
        },
        "outside the scopes",
    ),
    Row(
        "api:org-unit-list",
        NONE,
        {"anonymous": 401, **dict.fromkeys(ORG_VIEWERS, 200), "learner": 403, "manager": 403},
    ),
    Row(
        "api:org-unit-detail",
        SALES,
        {"anonymous": 401, **ORG_VIEWERS, "stakeholder": 404, "learner": 404, "manager": 404},
    ),
    Row("api:job-role-list", NONE, everyone(200, anonymous=401)),
    Row(
        "admin:index",
        NONE,
        {
            "anonymous": 302,
            "leader": 200,
            "staff": 302,
            "stakeholder": 302,
            "executive": 302,
            "learner": 302,
            "manager": 302,
        },
    ),
]

# Each area keeps its rows in its own module, so work on one area touches one file.
ROWS: list[Row] = [
    *BASE_ROWS,
    *rows_strategy_document.ROWS,
    *rows_strategy_exports.ROWS,
    *rows_strategy_checks.ROWS,
    *rows_strategy_api.ROWS,
    *rows_experiences_paths.ROWS,
    *rows_experiences_catalogue.ROWS,
    *rows_experiences_enrolments.ROWS,
    *rows_records_xapi.ROWS,
    *rows_records_ui.ROWS,
    *rows_records_clients.ROWS,
    *rows_cmi5.ROWS,
    *rows_impact.ROWS,
    *rows_evaluation.ROWS,
    *rows_factory.ROWS,
    *rows_factory_board.ROWS,
    *rows_factory_intake.ROWS,
    *rows_factory_projects.ROWS,
    *rows_factory_team.ROWS,
    *rows_factory_vendors.ROWS,
    *rows_reports.ROWS,
]

# Django admin's own views are guarded by is_staff, which only leaders get (as
# admin:index shows above); the router's format-suffix variants repeat their rows.
EXCLUDED_PREFIXES = ("admin:", "oidc")


def _is_excluded(name: str) -> bool:
    return name.startswith(EXCLUDED_PREFIXES)


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_has_a_row() -> None:
    covered = {row.name for row in ROWS}
    missing = {n for n in _all_url_names() - covered if not _is_excluded(n)}
    assert not missing, f"decide who may open these URLs and add rows: {sorted(missing)}"


@pytest.fixture
def import_job(cast: Cast) -> Any:
    upload = SimpleUploadedFile(
        "people.csv", b"HRIS id,First name,Last name,Org unit\nE1,Ann,Able,OPS\n"
    )
    job, _ = actions.start_import(actor=cast.leader, kind=ImportKind.PEOPLE, upload=upload)
    return job


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.name}[{r.label}]" if r.label else r.name)
def test_role_gets_expected_status(cast: Cast, import_job: Any, row: Row) -> None:
    url = reverse(row.name, kwargs=row.kwargs(cast, import_job))
    users = {"anonymous": None, **cast.by_role()}
    seen = {}
    for role in ROLES:
        client = Client()
        user = users[role]
        if user is not None:
            client.force_login(user)
        seen[role] = client.get(url).status_code
    assert seen == row.expect, url


def test_anonymous_is_sent_to_sign_in_with_next(cast: Cast) -> None:
    response = Client().get(reverse("org:person-list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:login')}?next={reverse('org:person-list')}"
