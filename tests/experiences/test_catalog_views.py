from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from mainspring.experiences import catalog_imports
from mainspring.experiences.actions import Error, catalogue
from mainspring.experiences.models import (
    CatalogItem,
    Enrolment,
    LearningPath,
    Library,
    Method,
    RoleSkill,
    Skill,
    Step,
)
from mainspring.experiences.queries import catalogue as queries
from mainspring.org.imports import Cell, Table, guess_mapping
from mainspring.org.models import JobRole
from mainspring.strategy import actions as strategy_actions

HEADERS = ["id", "title", "description", "provider", "type", "duration", "language"]
ROWS = [
    ["F1", "Giving feedback", "Clear and kind feedback for managers", "Acme", "video", "20", "en"],
    ["F2", "Coaching conversations", "The GROW model for coaching", "Acme", "course", "1h30", "en"],
    [
        "S1",
        "Forklift safety",
        "Load checks before driving a forklift",
        "SafeCo",
        "course",
        "45",
        "fr",
    ],
    ["S2", "Warehouse picking", "Picking and packing accurately", "SafeCo", "video", "10", "de"],
]


def _import(library_name: str = "Acme Academy", rows: list[list[str]] = ROWS) -> Library:
    library = catalogue.library_named(actor=None, name=library_name)
    table = Table(HEADERS, [list(r) for r in rows])
    plan = catalog_imports.plan_catalog_import(
        table,
        guess_mapping(HEADERS, catalog_imports.CATALOG_FIELDS),
        catalogue.existing_catalog(library),
    )
    catalogue.apply_catalog_plan(plan, actor=None, library=library)
    return library


def _step(title: str = "Safe loading", **fields) -> Step:
    path = LearningPath.objects.create(title="Drivers' induction")
    return Step.objects.create(
        path=path, title=title, method=Method.objects.get(code="video"), **fields
    )


def _titles(response) -> list[str]:
    return [i.title for i in response.context["page"].object_list]


@pytest.fixture
def library(db) -> Library:
    return _import()


def test_search_finds_by_words_in_title_description_or_provider(client, cast, library):
    client.force_login(cast.staff)
    url = reverse("experiences:catalog-search")
    assert _titles(client.get(url, {"q": "grow"})) == ["Coaching conversations"]
    assert _titles(client.get(url, {"q": "safeco"})) == ["Forklift safety", "Warehouse picking"]
    assert _titles(client.get(url, {"q": "forklift load"})) == ["Forklift safety"]


def test_search_filters_combine(client, cast, library):
    client.force_login(cast.leader)
    url = reverse("experiences:catalog-search")
    assert _titles(client.get(url, {"item_type": "video", "provider": "Acme"})) == [
        "Giving feedback"
    ]
    assert _titles(client.get(url, {"language": "fr"})) == ["Forklift safety"]
    assert _titles(client.get(url, {"min_minutes": "30", "max_minutes": "60"})) == [
        "Forklift safety"
    ]
    assert len(_titles(client.get(url, {"library": library.pk}))) == 4


def test_search_filters_curated_or_not(client, cast, library):
    step = _step()
    catalogue.curate_item(
        actor=cast.staff, step=step, item=CatalogItem.objects.get(external_id="S1")
    )
    client.force_login(cast.staff)
    url = reverse("experiences:catalog-search")
    assert _titles(client.get(url, {"curated": "yes"})) == ["Forklift safety"]
    assert "Forklift safety" not in _titles(client.get(url, {"curated": "no"}))


def test_a_bad_duration_range_is_explained_next_to_the_field(client, cast, library):
    client.force_login(cast.staff)
    response = client.get(
        reverse("experiences:catalog-search"), {"min_minutes": "60", "max_minutes": "10"}
    )
    assert "Make this at least the" in response.content.decode()


def test_htmx_search_returns_only_the_results(client, cast, library):
    client.force_login(cast.staff)
    response = client.get(
        reverse("experiences:catalog-search"), {"q": "feedback"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Giving feedback" in body
    assert "<form" not in body


def test_empty_catalogue_says_what_to_do(client, cast):
    client.force_login(cast.staff)
    response = client.get(reverse("experiences:catalog-search"))
    assert "import a vendor" in response.content.decode()


def test_stakeholders_and_learners_cannot_see_the_catalogue(client, cast, library):
    for user in (cast.stakeholder, cast.learner, cast.executive, cast.manager):
        client.force_login(user)
        assert client.get(reverse("experiences:catalog-search")).status_code == 403
        assert client.get(reverse("experiences:library-list")).status_code == 403


def test_search_page_query_count_does_not_grow_with_items(
    client, cast, library, django_assert_num_queries
):
    _import("Big", [[f"B{n}", f"Item {n}", "", "Big", "video", "5", "en"] for n in range(60)])
    client.force_login(cast.staff)
    # session, user, 3 filter menus, libraries (menu and choices), count, page
    with django_assert_num_queries(9):
        response = client.get(reverse("experiences:catalog-search"))
    assert len(response.context["page"].object_list) == 50


def test_item_page_shows_the_paths_using_it_and_saves_skills(client, cast, library):
    item = CatalogItem.objects.get(external_id="S1")
    step = _step()
    catalogue.curate_item(actor=cast.staff, step=step, item=item)
    skill = Skill.objects.create(code="safety", name="Safety")
    client.force_login(cast.staff)
    url = reverse("experiences:catalog-item", args=[item.pk])
    assert "Drivers&#x27; induction" in client.get(url).content.decode()
    assert client.post(url, {"skills": [skill.pk]}).status_code == 302
    assert list(item.skills.all()) == [skill]


def test_retired_items_leave_search_and_cannot_be_curated(client, cast, library):
    item = CatalogItem.objects.get(external_id="F1")
    client.force_login(cast.staff)
    client.post(reverse("experiences:catalog-item-active", args=[item.pk]), {"active": "0"})
    assert "Giving feedback" not in _titles(client.get(reverse("experiences:catalog-search")))
    item.refresh_from_db()
    with pytest.raises(Error, match="retired"):
        catalogue.curate_item(actor=cast.staff, step=_step(), item=item)


def test_suggestions_for_a_step_rank_the_matching_item_first_and_curate_it(client, cast, library):
    step = _step("Check the load", objectives="Perform the load checks before driving a forklift")
    client.force_login(cast.staff)
    url = reverse("experiences:catalog-suggest")
    response = client.get(url, {"step": step.pk})
    suggestions = response.context["suggestions"]
    assert suggestions[0].item.title == "Forklift safety"
    assert "forklift" in suggestions[0].terms
    response = client.post(
        reverse("experiences:catalog-curate"), {"step": step.pk, "item": suggestions[0].item.pk}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.catalog_item == suggestions[0].item
    assert step.history.first().history_user == cast.staff
    # the curated item is no longer suggested for the step
    again = client.get(url, {"step": step.pk}).context["suggestions"]
    assert suggestions[0].item not in [s.item for s in again]


def test_suggestions_for_a_need_use_its_words(client, cast, library):
    need = strategy_actions.create_need(
        actor=None,
        title="Managers avoid hard conversations",
        gap_type="skill",
        description="Feedback is rare and coaching never happens.",
    )
    client.force_login(cast.leader)
    response = client.get(reverse("experiences:catalog-suggest"), {"need": need.pk})
    titles = [s.item.title for s in response.context["suggestions"]]
    assert set(titles[:2]) == {"Giving feedback", "Coaching conversations"}
    assert b"Use for this step" not in response.content


def test_suggestions_follow_the_catalogue_as_it_changes(db):
    assert queries.suggest("forklift") == []
    _import()
    first = queries.suggest("forklift")
    assert len(first) == 1
    _import("Other", [["X1", "Forklift refresher", "", "", "", "", "en"]])
    assert len(queries.suggest("forklift")) == 2


def test_a_missing_step_or_need_is_not_found(client, cast):
    client.force_login(cast.staff)
    assert client.get(reverse("experiences:catalog-suggest"), {"step": 999}).status_code == 404
    assert client.get(reverse("experiences:catalog-suggest"), {"need": 999}).status_code == 404


def test_library_usage_counts_curated_items_learners_and_cost(client, cast, library):
    library.annual_cost = Decimal(12000)
    library.save()
    step = _step()
    catalogue.curate_item(actor=None, step=step, item=CatalogItem.objects.get(external_id="S1"))
    Enrolment.objects.create(
        person=cast.org.lea, path=step.path, source="manual", enrolled_on="2026-01-01"
    )
    client.force_login(cast.staff)
    usage = client.get(reverse("experiences:library-list")).context["usage"]
    (row,) = usage
    assert (row.active_items, row.curated_items, row.learners_reached) == (4, 1, 1)
    assert row.share_used == 0.25
    assert row.cost_per_used_item == Decimal("12000.00")


def test_library_page_query_count_is_fixed(client, cast, library, django_assert_num_queries):
    _import("Second")
    client.force_login(cast.staff)
    with django_assert_num_queries(5):
        client.get(reverse("experiences:library-list"))


def test_libraries_are_created_and_priced_with_clear_errors(client, cast, library):
    client.force_login(cast.leader)
    url = reverse("experiences:library-create")
    response = client.post(url, {"name": "acme academy"})
    assert "already a library called" in response.content.decode()
    assert client.post(url, {"name": "LinkedIn", "annual_cost": "5000"}).status_code == 302
    assert Library.objects.get(name="LinkedIn").annual_cost == Decimal(5000)


def test_skills_tree_nests_children_and_shows_role_levels(
    client, cast, db, django_assert_num_queries
):
    people = Skill.objects.create(code="people", name="People skills")
    Skill.objects.create(code="feedback", name="Feedback", parent=people)
    Skill.objects.create(code="budget", name="Budgeting")
    role = JobRole.objects.create(name="Team lead")
    catalogue.set_role_skill(actor=None, job_role=role, skill=people, level=4)
    client.force_login(cast.staff)
    with django_assert_num_queries(4):
        response = client.get(reverse("experiences:skill-tree"))
    nodes = response.context["nodes"]
    assert [(n.skill.code, n.depth) for n in nodes] == [
        ("budget", 0),
        ("people", 0),
        ("feedback", 1),
    ]
    assert "Team lead: 4" in response.content.decode()


def test_role_levels_are_set_changed_and_removed_on_the_skill_page(client, cast, db):
    skill = Skill.objects.create(code="feedback", name="Feedback")
    role = JobRole.objects.create(name="Team lead")
    client.force_login(cast.staff)
    url = reverse("experiences:skill-detail", args=[skill.pk])
    client.post(url, {"job_role": role.pk, "level": 3})
    client.post(url, {"job_role": role.pk, "level": 5})
    assert RoleSkill.objects.get().level == 5
    client.post(url, {"job_role": role.pk, "level": 0})
    assert not RoleSkill.objects.exists()
    with pytest.raises(Error, match="between 1"):
        catalogue.set_role_skill(actor=None, job_role=role, skill=skill, level=9)


def test_skills_link_to_needs_steps_and_items_one_at_a_time(db):
    skill = Skill.objects.create(code="safety", name="Safety")
    step = _step()
    catalogue.link_skills(actor=None, skills=[skill], step=step)
    assert list(step.skills.all()) == [skill]
    with pytest.raises(Error):
        catalogue.link_skills(actor=None, skills=[skill])


def test_valid_only_apply_writes_the_good_rows(db):
    library = catalogue.library_named(actor=None, name="Mixed")
    rows = [["A", "Good", "", "", "", "10", "en"], ["B", "Bad", "", "", "", "soon", "en"]]
    table = Table(HEADERS, [list[Cell](r) for r in rows])
    plan = catalog_imports.plan_catalog_import(
        table,
        guess_mapping(HEADERS, catalog_imports.CATALOG_FIELDS),
        catalogue.existing_catalog(library),
    )
    with pytest.raises(Error, match="nothing was imported"):
        catalogue.apply_catalog_plan(plan, actor=None, library=library)
    assert not CatalogItem.objects.exists()
    catalogue.apply_catalog_plan(plan, actor=None, library=library, allow_errors=True)
    assert list(CatalogItem.objects.values_list("external_id", flat=True)) == ["A"]


def test_another_process_loads_the_stored_index_instead_of_building_it(db, monkeypatch):
    _import()
    first = queries.suggest("forklift load checks")
    # a fresh web worker: nothing in memory, so the index comes from the data folder
    monkeypatch.setitem(queries._cache, "index", None)
    monkeypatch.setattr(queries, "build_index", lambda: pytest.fail("built again"))
    assert queries.suggest("forklift load checks") == first


def test_find_content_takes_words_typed_by_the_user(client, cast, library):
    client.force_login(cast.staff)
    url = reverse("experiences:catalog-suggest")
    response = client.get(url, {"q": "pivot forklift drivers"})
    assert [s.item.title for s in response.context["suggestions"]] == ["Forklift safety"]
    assert "Nothing in the catalogue" in client.get(url, {"q": "zeppelin"}).content.decode()
    fragment = client.get(url, {"q": "coaching"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Coaching conversations" in fragment
    assert '<form method="get"' not in fragment


def test_skill_page_links_and_unlinks_needs_and_steps(client, cast, db):
    skill = Skill.objects.create(code="load-securing", name="Load securing")
    need = strategy_actions.create_need(actor=None, title="Secure loads", gap_type="skill")
    step = _step()
    client.force_login(cast.staff)
    url = reverse("experiences:skill-link", args=[skill.pk])
    client.post(url, {"need": need.pk})
    client.post(url, {"step": step.pk})
    assert list(need.skills.all()) == [skill]
    assert list(step.skills.all()) == [skill]
    page = client.get(reverse("experiences:skill-detail", args=[skill.pk])).text
    assert "Secure loads" in page
    assert step.title in page
    client.post(url, {"need": need.pk, "unlink": "1"})
    assert not need.skills.exists()
    # Both, or neither, is refused with a message and changes nothing.
    response = client.post(url, {"need": need.pk, "step": step.pk}, follow=True)
    assert "Choose either a learning need or a path step." in response.text
    assert not need.skills.exists()
    client.force_login(cast.stakeholder)
    assert client.post(url, {"need": need.pk}).status_code == 403
