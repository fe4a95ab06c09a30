from __future__ import annotations

import pytest

from mainspring.experiences.catalog_imports import (
    CATALOG_FIELDS,
    ExistingCatalog,
    ItemValues,
    parse_duration,
    plan_catalog_import,
)
from mainspring.org.imports import Table, guess_mapping

HEADERS = [
    "id",
    "title",
    "description",
    "provider",
    "type",
    "duration",
    "url",
    "language",
    "xapi id",
]


def _row(key: str, title: str = "Feedback basics", **extra: str) -> list[str | None]:
    values = {
        "description": "How to give feedback",
        "provider": "Acme",
        "type": "video",
        "duration": "30",
        "url": f"https://acme.example/{key}",
        "language": "en",
        "xapi id": "",
        **extra,
    }
    return [key, title, *[values[h] for h in HEADERS[2:]]]


def _plan(rows, existing=None, **kw):
    table = Table(HEADERS, rows)
    mapping = guess_mapping(HEADERS, CATALOG_FIELDS)
    return plan_catalog_import(table, mapping, existing or ExistingCatalog(), **kw)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("90 min", 90),
        ("1h30", 90),
        ("1 h 30 min", 90),
        ("1.5 h", 90),
        ("2 hours", 120),
        ("1:30", 90),
        ("PT1H30M", 90),
        ("pt45m", 45),
        ("PT90S", 2),
        ("P1D", 1440),
        ("", None),
    ],
)
def test_durations_read_in_common_forms(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["soon", "P", "1h70x", "PT", "-5"])
def test_unreadable_durations_are_refused_with_the_forms_to_use(text):
    with pytest.raises(ValueError, match="1h30"):
        parse_duration(text)


def test_the_mapping_is_guessed_from_common_vendor_headers():
    mapping = guess_mapping(
        ["Course ID", "Course Title", "Vendor", "Length", "Link"], CATALOG_FIELDS
    )
    assert mapping == {
        "external_id": "Course ID",
        "title": "Course Title",
        "provider": "Vendor",
        "duration": "Length",
        "url": "Link",
    }


def test_a_clean_file_plans_every_row_as_created():
    plan = _plan([_row("A"), _row("B", duration="1h30")])
    assert plan.ok
    assert plan.created == ["A", "B"]
    assert plan.valid[1].duration_minutes == 90


def test_each_bad_value_is_named_by_row_and_column():
    plan = _plan(
        [
            _row("", title=""),
            _row("B", duration="a while"),
            _row("C", url="acme.example/c"),
            _row("D", language="English"),
            _row("E", **{"xapi id": "not an iri"}),
        ]
    )
    texts = [e.as_text() for e in plan.errors]
    assert "Row 2, column 'id': the item id is missing." in texts
    assert "Row 2, column 'title': the title is missing." in texts
    assert any(t.startswith("Row 3, column 'duration'") for t in texts)
    assert any(t.startswith("Row 4, column 'url'") for t in texts)
    assert any(t.startswith("Row 5, column 'language'") for t in texts)
    assert any(t.startswith("Row 6, column 'xapi id'") for t in texts)
    assert plan.counts()["invalid_rows"] == 5


def test_a_duplicated_id_fails_both_rows():
    plan = _plan([_row("A"), _row("B"), _row("A", title="Other")])
    assert plan.error_rows == {2, 4}
    assert plan.created == ["B"]
    assert "already appears on row 2" in plan.errors[-1].message or any(
        "already appears on row 2" in e.message for e in plan.errors
    )


def test_xapi_ids_must_be_unique_in_the_file_and_across_libraries():
    existing = ExistingCatalog(other_xapi_ids={"https://x.example/taken"})
    plan = _plan(
        [
            _row("A", **{"xapi id": "https://x.example/1"}),
            _row("B", **{"xapi id": "https://x.example/1"}),
            _row("C", **{"xapi id": "https://x.example/taken"}),
        ],
        existing,
    )
    assert [(e.row, e.column) for e in plan.errors] == [(3, "xapi id"), (4, "xapi id")]
    assert "row 2" in plan.errors[0].message
    assert "another catalogue item" in plan.errors[1].message


def test_an_xapi_id_kept_by_an_item_not_in_the_file_cannot_be_reused():
    held = ItemValues("OLD", "Old", "", "", "", None, "", "", "https://x.example/1")
    plan = _plan(
        [_row("NEW", **{"xapi id": "https://x.example/1"})], ExistingCatalog(items={"OLD": held})
    )
    assert "item 'OLD' of this library keeps" in plan.errors[0].message


def test_xapi_ids_may_swap_between_items_in_the_file():
    a = ItemValues("A", "A", "", "", "", None, "", "", "https://x.example/1")
    b = ItemValues("B", "B", "", "", "", None, "", "", "https://x.example/2")
    plan = _plan(
        [
            _row("A", **{"xapi id": "https://x.example/2"}),
            _row("B", **{"xapi id": "https://x.example/1"}),
        ],
        ExistingCatalog(items={"A": a, "B": b}),
    )
    assert plan.ok
    assert set(plan.updated) == {"A", "B"}


def test_reimport_classifies_created_updated_unchanged_and_deactivated():
    first = _plan([_row("A"), _row("B"), _row("C")])
    existing = ExistingCatalog(items={v.external_id: v for v in first.valid})
    plan = _plan(
        [_row("A"), _row("B", title="Feedback, revised"), _row("D")],
        existing,
        deactivate_missing=True,
    )
    assert plan.created == ["D"]
    assert plan.updated == {"B": ["title"]}
    assert plan.unchanged == ["A"]
    assert plan.deactivated == ["C"]
    assert plan.counts()["deactivated"] == 1


def test_missing_items_stay_unless_asked():
    first = _plan([_row("A"), _row("B")])
    existing = ExistingCatalog(items={v.external_id: v for v in first.valid})
    assert _plan([_row("A")], existing).deactivated == []


def test_an_inactive_item_listed_again_is_updated_back_to_active():
    first = _plan([_row("A")])
    old = first.valid[0]
    retired = ItemValues(**{**{f: getattr(old, f) for f in old.__slots__}, "active": False})
    plan = _plan([_row("A")], ExistingCatalog(items={"A": retired}))
    assert plan.updated == {"A": ["active"]}


def test_progress_is_reported_to_the_end():
    seen: list[tuple[int, int]] = []
    _plan([_row(str(i)) for i in range(3)], progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3)
