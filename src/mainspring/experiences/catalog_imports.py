"""Checking catalogue files from a vendor or an LMS: plain values in, a plan of changes out.

A catalogue file has one row per piece of content::

    id,title,description,provider,type,duration,url,language,xapi id
    C-1001,Giving feedback,...,Acme Learning,video,1h30,https://...,en,https://...

Items are keyed by the library and the file's ``id`` column (the vendor's id): importing
the same library again updates the items it already holds, and, when asked, deactivates
the ones the file no longer lists. Durations may be minutes (``90``), ``1h30``,
``90 min``, ``1.5 h`` or ISO 8601 (``PT1H30M``).

Nothing here touches the database: the caller passes what the library holds
(:class:`ExistingCatalog`) and gets a :class:`CatalogPlan`;
``actions.catalogue.apply_catalog_plan`` writes it in one transaction. Row numbers are
the ones a person sees in a spreadsheet: the header is row 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mainspring.org.imports import Cell, FieldSpec, Progress, RowError, Table, cell_text

CATALOG_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "external_id",
        "Item id",
        True,
        (
            "id",
            "item id",
            "external id",
            "course id",
            "content id",
            "course code",
            "code",
            "asset id",
            "sku",
        ),
        "The vendor's or LMS's id of the item: the key that re-imports update by.",
    ),
    FieldSpec("title", "Title", True, ("title", "name", "course title", "course name")),
    FieldSpec(
        "description",
        "Description",
        False,
        ("description", "summary", "abstract", "course description", "overview"),
    ),
    FieldSpec(
        "provider", "Provider", False, ("provider", "vendor", "publisher", "author", "source")
    ),
    FieldSpec(
        "item_type",
        "Type",
        False,
        ("type", "item type", "content type", "format", "modality", "kind"),
        "Course, video, article, podcast... free text.",
    ),
    FieldSpec(
        "duration",
        "Duration",
        False,
        ("duration", "length", "duration minutes", "minutes", "time", "estimated duration"),
        "Minutes (90), 1h30, 90 min, 1.5 h or PT1H30M.",
    ),
    FieldSpec("url", "URL", False, ("url", "link", "launch url", "web address", "address")),
    FieldSpec("language", "Language", False, ("language", "lang", "locale", "language code")),
    FieldSpec(
        "xapi_activity_id",
        "xAPI activity id",
        False,
        ("xapi activity id", "xapi id", "activity id", "xapi", "iri", "activity iri"),
        "An IRI (https://...), unique across the catalogue.",
    ),
)

VALUE_FIELDS = (
    "title",
    "description",
    "provider",
    "item_type",
    "duration_minutes",
    "url",
    "language",
    "xapi_activity_id",
)
# The model's column sizes (CatalogItem); this module does not import models.
MAX_LENGTHS = {
    "external_id": 200,
    "title": 500,
    "provider": 200,
    "item_type": 50,
    "url": 1000,
    "language": 20,
    "xapi_activity_id": 1000,
}
MAX_MINUTES = 100_000  # about ten weeks of full-time study: anything longer is a typo

_MINUTES = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minute|minutes)?")
_HOURS = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours)\s*(?:(\d+)\s*(?:m|min|mins|minute|minutes)?)?"
)
_CLOCK = re.compile(r"(\d+):([0-5]\d)(?::[0-5]\d)?")
_ISO = re.compile(
    r"P(?:(\d+)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?"
)
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_IRI = re.compile(r"[a-z][a-z0-9+.-]*:[^\s]+", re.IGNORECASE)
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*", re.IGNORECASE)


def parse_duration(cell: Cell) -> int | None:
    """Return a duration in whole minutes, or None when blank.

    Accepts minutes (``90``, ``90 min``), hours (``1h30``, ``1.5 h``, ``2 hours``), a
    clock (``1:30``) and ISO 8601 durations (``PT1H30M``, ``P1DT2H``).

    Raises:
        ValueError: with a message fit to show the user.
    """
    text = cell_text(cell).strip().lower()
    if not text:
        return None
    minutes: float | None = None
    if match := _MINUTES.fullmatch(text):
        minutes = float(match[1].replace(",", "."))
    elif match := _HOURS.fullmatch(text):
        minutes = float(match[1].replace(",", ".")) * 60 + int(match[2] or 0)
    elif match := _CLOCK.fullmatch(text):
        minutes = int(match[1]) * 60 + int(match[2])
    elif text not in {"p", "pt"} and (match := _ISO.fullmatch(text.upper())):
        days, hours, mins, secs = (float((g or "0").replace(",", ".")) for g in match.groups())
        minutes = days * 1440 + hours * 60 + mins + secs / 60
    if minutes is None:
        raise ValueError(
            f"'{cell_text(cell)}' is not a duration; use minutes (90), 1h30, 90 min or PT1H30M."
        )
    if minutes > MAX_MINUTES:
        raise ValueError(f"'{cell_text(cell)}' is longer than {MAX_MINUTES:,} minutes.")
    return round(minutes)


@dataclass(frozen=True, slots=True)
class ItemValues:
    """A catalogue item's importable fields, as compared between file and database."""

    external_id: str
    title: str
    description: str
    provider: str
    item_type: str
    duration_minutes: int | None
    url: str
    language: str
    xapi_activity_id: str
    active: bool = True


@dataclass(slots=True)
class ExistingCatalog:
    """What the database holds, as plain values."""

    # The library's items by external id.
    items: dict[str, ItemValues] = field(default_factory=dict)
    # xAPI ids used by items of OTHER libraries (or items of this one without an id).
    other_xapi_ids: set[str] = field(default_factory=set)


@dataclass(slots=True)
class CatalogPlan:
    """The outcome of checking a file: errors, and the changes it would make."""

    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)
    valid: list[ItemValues] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Return the headline numbers of the plan (the people import's keys)."""
        return {
            "rows": self.total_rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "deactivated": len(self.deactivated),
            "invalid_rows": len(self.error_rows),
            "errors": len(self.errors),
        }


def plan_catalog_import(  # noqa: PLR0912, PLR0915  (one pass over the rows reads best)
    table: Table,
    mapping: Mapping[str, str],
    existing: ExistingCatalog,
    *,
    deactivate_missing: bool = False,
    progress: Progress | None = None,
) -> CatalogPlan:
    """Check every row of a catalogue file and work out what importing it would change.

    The checks: id and title present, ids unique in the file, durations readable,
    URLs absolute http(s) addresses, language codes like ``en`` or ``pt-BR``, xAPI
    activity ids IRIs unique in the file and across the rest of the catalogue, and
    values that fit their columns.
    """
    plan = CatalogPlan(total_rows=len(table.rows))
    index = {h: i for i, h in enumerate(table.headers)}
    col = {name: index[mapping[name]] for name in mapping if mapping.get(name) in index}
    labels = {spec.name: mapping.get(spec.name) or spec.label for spec in CATALOG_FIELDS}
    total = len(table.rows)

    def get(row: list[Cell], name: str) -> str:
        i = col.get(name)
        return cell_text(row[i]) if i is not None and i < len(row) else ""

    def fail(row_no: int, name: str, message: str, value: str = "") -> None:
        plan.errors.append(RowError(row_no, labels.get(name, name), message, value))
        plan.error_rows.add(row_no)

    first_row_of_id: dict[str, int] = {}
    first_row_of_xapi: dict[str, int] = {}
    duplicated_ids: set[str] = set()
    in_file: set[str] = set()
    parsed: list[tuple[int, ItemValues]] = []
    for offset, row in enumerate(table.rows):
        row_no = offset + 2
        if progress and offset % 5000 == 0:
            progress(offset, total)
        before = len(plan.errors)
        key = get(row, "external_id")
        if not key:
            fail(row_no, "external_id", "the item id is missing.")
        else:
            in_file.add(key)
            if key in first_row_of_id:
                fail(
                    row_no,
                    "external_id",
                    f"item id '{key}' already appears on row {first_row_of_id[key]}.",
                    key,
                )
                duplicated_ids.add(key)
            else:
                first_row_of_id[key] = row_no
        title = get(row, "title")
        if not title:
            fail(row_no, "title", "the title is missing.")
        minutes: int | None = None
        raw_duration = get(row, "duration")
        try:
            minutes = parse_duration(raw_duration)
        except ValueError as error:
            fail(row_no, "duration", str(error), raw_duration)
        url = get(row, "url")
        if url and not _URL.fullmatch(url):
            fail(row_no, "url", f"'{url}' is not a web address starting with https://.", url)
        language = get(row, "language").replace("_", "-")
        if language and not _LANGUAGE.fullmatch(language):
            fail(
                row_no,
                "language",
                f"'{language}' is not a language code such as en, fr or pt-BR.",
                language,
            )
        xapi = get(row, "xapi_activity_id")
        if xapi:
            if not _IRI.fullmatch(xapi):
                fail(
                    row_no,
                    "xapi_activity_id",
                    f"'{xapi}' is not an IRI such as https://example.com/course/1.",
                    xapi,
                )
            elif xapi in first_row_of_xapi:
                fail(
                    row_no,
                    "xapi_activity_id",
                    f"xAPI activity id already used on row {first_row_of_xapi[xapi]}.",
                    xapi,
                )
            elif xapi in existing.other_xapi_ids:
                fail(
                    row_no,
                    "xapi_activity_id",
                    "another catalogue item already has this xAPI activity id.",
                    xapi,
                )
            else:
                first_row_of_xapi[xapi] = row_no
        values = {
            "external_id": key,
            "title": title,
            "provider": get(row, "provider"),
            "item_type": get(row, "item_type"),
            "url": url,
            "language": language,
            "xapi_activity_id": xapi,
        }
        for name, limit in MAX_LENGTHS.items():
            if len(values[name]) > limit:
                fail(row_no, name, f"longer than {limit} characters.", values[name][:60])
        if len(plan.errors) == before:
            parsed.append(
                (
                    row_no,
                    ItemValues(
                        external_id=key,
                        title=title,
                        description=get(row, "description"),
                        provider=values["provider"],
                        item_type=values["item_type"],
                        duration_minutes=minutes,
                        url=url,
                        language=language,
                        xapi_activity_id=xapi,
                    ),
                )
            )

    # A duplicated id poisons the id: the first row is not trusted either.
    for row_no, item in parsed:
        if item.external_id in duplicated_ids:
            fail(
                row_no,
                "external_id",
                f"item id '{item.external_id}' appears more than once.",
                item.external_id,
            )
    _check_kept_xapi_ids(plan, parsed, existing, fail)
    for row_no, item in parsed:
        if row_no in plan.error_rows:
            continue
        plan.valid.append(item)
        old = existing.items.get(item.external_id)
        if old is None:
            plan.created.append(item.external_id)
            continue
        changed = [f for f in (*VALUE_FIELDS, "active") if getattr(old, f) != getattr(item, f)]
        if changed:
            plan.updated[item.external_id] = changed
        else:
            plan.unchanged.append(item.external_id)
    if deactivate_missing:
        plan.deactivated = sorted(
            key for key, item in existing.items.items() if item.active and key not in in_file
        )
    plan.errors.sort(key=lambda e: (e.row, e.column))
    if progress:
        progress(total, total)
    return plan


def _check_kept_xapi_ids(
    plan: CatalogPlan,
    parsed: list[tuple[int, ItemValues]],
    existing: ExistingCatalog,
    fail: Callable[[int, str, str, str], None],
) -> None:
    # An xAPI id an item of this library keeps (it is not in the file, or its row has
    # errors) may not be given to another item; ids that move between rows are fine.
    final = {k: v.xapi_activity_id for k, v in existing.items.items() if v.xapi_activity_id}
    for row_no, item in parsed:
        if row_no not in plan.error_rows:
            final[item.external_id] = item.xapi_activity_id
    holders: dict[str, list[str]] = {}
    for key, xapi in final.items():
        if xapi:
            holders.setdefault(xapi, []).append(key)
    for row_no, item in parsed:
        xapi = item.xapi_activity_id
        if row_no in plan.error_rows or not xapi:
            continue
        owner = next((k for k in holders.get(xapi, []) if k != item.external_id), None)
        if owner is not None:
            fail(
                row_no,
                "xapi_activity_id",
                f"item '{owner}' of this library keeps this xAPI activity id.",
                xapi,
            )
