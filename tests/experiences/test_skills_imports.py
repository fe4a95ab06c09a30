from __future__ import annotations

from mainspring.experiences.skills_imports import SKILL_FIELDS, SkillValues, plan_skill_import
from mainspring.org.imports import Table, guess_mapping

HEADERS = ["code", "name", "parent", "description"]


def _plan(rows, existing=None):
    return plan_skill_import(
        Table(HEADERS, rows), guess_mapping(HEADERS, SKILL_FIELDS), existing or {}
    )


def test_parents_may_come_after_their_children():
    plan = _plan(
        [
            ["feedback", "Giving feedback", "people", ""],
            ["people", "People skills", "", "Working with others"],
        ]
    )
    assert plan.ok
    assert [s.code for s in plan.valid] == ["people", "feedback"]
    assert plan.created == ["people", "feedback"]


def test_a_parent_already_in_mainspring_is_accepted():
    existing = {"people": SkillValues("people", "People skills", "", "")}
    plan = _plan([["feedback", "Giving feedback", "people", ""]], existing)
    assert plan.ok


def test_an_unknown_parent_is_named():
    plan = _plan([["feedback", "Giving feedback", "nobody", ""]])
    assert plan.errors[0].as_text() == (
        "Row 2, column 'parent': no skill has the code 'nobody' (in this file or in Mainspring)."
    )


def test_a_loop_in_the_parents_is_refused_naming_the_chain():
    plan = _plan(
        [["a", "A", "b", ""], ["b", "B", "c", ""], ["c", "C", "a", ""], ["d", "D", "", ""]]
    )
    assert plan.error_rows == {2, 3, 4}
    assert "the parent chain loops: a → b → c → a." in plan.errors[0].message
    assert [s.code for s in plan.valid] == ["d"]


def test_a_loop_through_existing_skills_is_refused():
    existing = {"a": SkillValues("a", "A", "b", ""), "b": SkillValues("b", "B", "", "")}
    plan = _plan([["b", "B", "a", ""]], existing)
    assert "loops: b → a → b" in plan.errors[0].message


def test_children_of_a_bad_row_fail_too():
    plan = _plan([["people", "", "", ""], ["feedback", "Giving feedback", "people", ""]])
    assert plan.error_rows == {2, 3}
    assert "the parent 'people' is on a row with errors." in plan.errors[-1].message


def test_bad_and_duplicate_codes_are_refused():
    plan = _plan([["a b", "Spaces", "", ""], ["x", "X", "", ""], ["x", "X again", "", ""]])
    texts = [e.as_text() for e in plan.errors]
    assert texts[0].startswith("Row 2, column 'code': 'a b' is not a code")
    assert "Row 4, column 'code': code 'x' already appears on row 3." in texts


def test_reimport_updates_by_code():
    existing = {"people": SkillValues("people", "People", "", "")}
    plan = _plan([["people", "People skills", "", ""], ["new", "New", "people", ""]], existing)
    assert plan.updated == {"people": ["name"]}
    assert plan.created == ["new"]
    again = _plan([["people", "People", "", ""]], existing)
    assert again.unchanged == ["people"]
