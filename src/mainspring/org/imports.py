"""Reading and checking HRIS exports: plain values in, a plan of changes out.

Nothing here touches the database. The caller passes what Mainspring already holds
(:class:`ExistingPeople`), and gets back a :class:`PeoplePlan` naming every row's
errors and every change the file would make. ``actions.apply_people_plan`` then
writes the plan in one transaction.

Row numbers are the ones a person sees in a spreadsheet: the header is row 1, the
first person is row 2.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

Cell = str | int | float | date | datetime | bool | None
Progress = Callable[[int, int], None]


class ImportFileError(Exception):
    """The file cannot be read as a table at all (wrong type, empty, no header)."""


@dataclass(frozen=True, slots=True)
class Table:
    headers: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    required: bool
    synonyms: tuple[str, ...]
    help: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str
    value: str = ""

    def as_text(self) -> str:
        """Return the error as one line a person can act on."""
        where = f"Row {self.row}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


# ----------------------------------------------------------------------------- reading


def read_table(source: Path | IO[bytes], filename: str | None = None) -> Table:
    """Read the first sheet of an XLSX file or a CSV file into headers and rows.

    CSV files may be UTF-8 (with or without BOM) or Latin-1, separated by commas,
    semicolons or tabs. Blank rows are dropped; trailing blank cells are kept so
    that row lengths need not match the header.
    """
    name = (filename or getattr(source, "name", "") or "").lower()
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    if not data:
        raise ImportFileError("The file is empty.")
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")) or data[:4] == b"PK\x03\x04":
        raw_rows = _read_spreadsheet(data)
    elif name.endswith((".csv", ".txt", ".tsv")) or not name:
        raw_rows = _read_csv(data)
    else:
        raise ImportFileError("Upload a CSV or an Excel (.xlsx) file.")
    rows = [row for row in raw_rows if any(_is_filled(cell) for cell in row)]
    if not rows:
        raise ImportFileError("The file has no rows.")
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    if not any(headers):
        raise ImportFileError("The first row must name the columns.")
    seen: set[str] = set()
    for header in headers:
        if header and header.lower() in seen:
            raise ImportFileError(f"The column '{header}' appears twice in the header row.")
        seen.add(header.lower())
    return Table(headers=headers, rows=rows[1:])


def _is_filled(cell: Cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _read_spreadsheet(data: bytes) -> list[list[Cell]]:
    from python_calamine import CalamineWorkbook  # noqa: PLC0415  (heavy, import on use)

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows: list[list[Cell]] = sheet.to_python(skip_empty_area=False)  # type: ignore[assignment]  # calamine's time/timedelta cells never occur in HRIS exports and read as text
    except Exception as error:  # noqa: BLE001  (calamine raises several untyped errors)
        raise ImportFileError(f"This is not a readable Excel file ({error}).") from None
    return rows


def _read_csv(data: bytes) -> list[list[Cell]]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


# ----------------------------------------------------------------------------- mapping

PEOPLE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "hris_id",
        "HRIS id",
        True,
        (
            "hris id",
            "employee id",
            "employee number",
            "employee no",
            "emp id",
            "id",
            "personnel number",
            "worker id",
            "staff id",
        ),
    ),
    FieldSpec("first_name", "First name", True, ("first name", "given name", "forename")),
    FieldSpec("last_name", "Last name", True, ("last name", "surname", "family name")),
    FieldSpec("email", "Email", False, ("email", "e-mail", "work email", "email address", "mail")),
    FieldSpec(
        "org_unit",
        "Org unit",
        True,
        (
            "org unit",
            "org unit code",
            "department",
            "department code",
            "unit",
            "cost centre",
            "cost center",
            "team",
            "organisation unit",
            "organization unit",
        ),
        "The code (or the unique name) of an org unit Mainspring knows.",
    ),
    FieldSpec(
        "job_role",
        "Job role",
        False,
        ("job role", "role", "job title", "title", "position", "job"),
        "New job roles are created.",
    ),
    FieldSpec("job_family", "Job family", False, ("job family", "family", "job group")),
    FieldSpec(
        "manager",
        "Manager HRIS id",
        False,
        (
            "manager",
            "manager id",
            "manager hris id",
            "manager employee id",
            "line manager",
            "supervisor id",
            "reports to",
        ),
    ),
    FieldSpec("location", "Location", False, ("location", "site", "work location", "office")),
    FieldSpec(
        "hire_date",
        "Hire date",
        False,
        ("hire date", "start date", "date hired", "hired", "joining date", "date of hire"),
    ),
    FieldSpec(
        "active",
        "Active",
        False,
        ("active", "status", "employment status", "is active"),
        "yes/no, true/false, 1/0, active/inactive; blank means active.",
    ),
)

ORG_UNIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("code", "Code", True, ("code", "unit code", "org unit code", "id")),
    FieldSpec("name", "Name", True, ("name", "unit name", "org unit", "title")),
    FieldSpec(
        "kind",
        "Kind",
        False,
        ("kind", "type", "level", "unit type"),
        "company, division, region, department, site or team; blank means department.",
    ),
    FieldSpec(
        "parent",
        "Parent code",
        False,
        ("parent", "parent code", "parent unit", "parent id", "reports to"),
    ),
)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def guess_mapping(headers: Sequence[str], fields: Sequence[FieldSpec]) -> dict[str, str]:
    """Propose which column feeds which field, by name and common synonyms."""
    by_norm = {_norm(h): h for h in headers if h}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for spec in fields:
        for candidate in (spec.name, spec.label, *spec.synonyms):
            header = by_norm.get(_norm(candidate))
            if header and header not in used:
                mapping[spec.name] = header
                used.add(header)
                break
    return mapping


def check_mapping(
    headers: Sequence[str], mapping: Mapping[str, str], fields: Sequence[FieldSpec]
) -> list[str]:
    """Return problems with a column mapping (required fields unmapped, unknown columns)."""
    problems = []
    known = set(headers)
    for spec in fields:
        column = mapping.get(spec.name, "")
        if column and column not in known:
            problems.append(f"{spec.label}: the file has no column '{column}'.")
        elif spec.required and not column:
            problems.append(f"{spec.label}: choose the column that holds it (required).")
    return problems


# ----------------------------------------------------------------------------- values

_TRUE_WORDS = {"1", "y", "yes", "true", "active", "a", "current", "employed"}
_FALSE_WORDS = {
    "0",
    "n",
    "no",
    "false",
    "inactive",
    "i",
    "terminated",
    "left",
    "leaver",
    "withdrawn",
}


def cell_text(cell: Cell) -> str:
    """Return a cell as trimmed text; whole floats lose their ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def parse_date(cell: Cell, date_format: str | None = None) -> date | None:
    """Parse a date cell: a spreadsheet date, ISO ``YYYY-MM-DD`` or ``date_format``.

    Raises:
        ValueError: with a message fit to show the user.
    """
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = cell_text(cell)
    if not text:
        return None
    formats = [date_format] if date_format else []
    formats += ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar date)
        except ValueError:
            continue
    expected = (
        date_format.replace("%d", "DD").replace("%m", "MM").replace("%Y", "YYYY")
        if date_format
        else "YYYY-MM-DD"
    )
    raise ValueError(f"'{text}' is not a date; expected {expected}.")


def parse_active(cell: Cell) -> bool:
    """Parse an active flag; blank means active.

    Raises:
        ValueError: for anything that is not a recognisable yes or no.
    """
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell).lower()
    if text == "" or text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise ValueError(f"'{cell_text(cell)}' is not yes or no.")


# ----------------------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class PersonValues:
    """A person's importable fields, as compared between file and database."""

    hris_id: str
    first_name: str
    last_name: str
    email: str
    org_unit_code: str
    job_role: str
    manager_hris_id: str
    location: str
    hire_date: date | None
    active: bool


COMPARED_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "org_unit_code",
    "job_role",
    "manager_hris_id",
    "location",
    "hire_date",
    "active",
)


@dataclass(slots=True)
class ExistingPeople:
    """What the database already holds, as plain values."""

    people: dict[str, PersonValues] = field(default_factory=dict)
    unit_codes: set[str] = field(default_factory=set)
    # lower-cased unit name -> code, only for names that are unique
    unit_names: dict[str, str] = field(default_factory=dict)
    role_names: set[str] = field(default_factory=set)


@dataclass(slots=True)
class PeoplePlan:
    """The outcome of checking a file: errors, and the changes it would make."""

    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)
    # valid rows, in file order
    valid: list[PersonValues] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    new_roles: dict[str, str] = field(default_factory=dict)  # role name -> family

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Return the headline numbers of the plan."""
        return {
            "rows": self.total_rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "deactivated": len(self.deactivated),
            "invalid_rows": len(self.error_rows),
            "errors": len(self.errors),
            "new_roles": len(self.new_roles),
        }


@dataclass(frozen=True, slots=True)
class PeopleOptions:
    deactivate_missing: bool = True
    date_format: str | None = None


def plan_people_import(  # noqa: PLR0912, PLR0915  (one pass over the rows reads best)
    table: Table,
    mapping: Mapping[str, str],
    existing: ExistingPeople,
    options: PeopleOptions = PeopleOptions(),
    progress: Progress | None = None,
) -> PeoplePlan:
    """Check every row of an HRIS export and work out what importing it would change.

    The checks: required values present, HRIS ids unique in the file, e-mail
    addresses valid and unique (in the file and against people not in it), org
    units known, dates readable, managers known (in the file or already in
    Mainspring and not about to be deactivated), and no loops in the manager chain
    once the file is applied.
    """
    plan = PeoplePlan(total_rows=len(table.rows))
    index = {h: i for i, h in enumerate(table.headers)}
    col = {name: index[mapping[name]] for name in mapping if mapping.get(name) in index}
    labels = {spec.name: mapping.get(spec.name, spec.label) for spec in PEOPLE_FIELDS}

    def get(row: list[Cell], name: str) -> Cell:
        i = col.get(name)
        return row[i] if i is not None and i < len(row) else None

    def fail(row_no: int, name: str, message: str, value: Cell = None) -> None:
        plan.errors.append(RowError(row_no, labels.get(name, name), message, cell_text(value)))
        plan.error_rows.add(row_no)

    first_row_of_id: dict[str, int] = {}
    first_row_of_email: dict[str, int] = {}
    in_file_ids: set[str] = set()
    parsed: list[tuple[int, PersonValues]] = []
    total = len(table.rows)

    for offset, row in enumerate(table.rows):
        row_no = offset + 2
        if progress and offset % 2000 == 0:
            progress(offset, total)
        hris_id = cell_text(get(row, "hris_id"))
        before = len(plan.errors)
        if not hris_id:
            fail(row_no, "hris_id", "the HRIS id is missing.")
        else:
            in_file_ids.add(hris_id)
            if hris_id in first_row_of_id:
                fail(
                    row_no,
                    "hris_id",
                    f"HRIS id '{hris_id}' already appears on row {first_row_of_id[hris_id]}.",
                    hris_id,
                )
            else:
                first_row_of_id[hris_id] = row_no
        first = cell_text(get(row, "first_name"))
        last = cell_text(get(row, "last_name"))
        if not first:
            fail(row_no, "first_name", "the first name is missing.")
        if not last:
            fail(row_no, "last_name", "the last name is missing.")
        email = cell_text(get(row, "email")).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail(row_no, "email", f"'{email}' is not a valid e-mail address.", email)
            else:
                if email in first_row_of_email:
                    fail(
                        row_no,
                        "email",
                        f"e-mail '{email}' is already used on row {first_row_of_email[email]}.",
                        email,
                    )
                else:
                    first_row_of_email[email] = row_no
        unit_raw = cell_text(get(row, "org_unit"))
        unit_code = ""
        if not unit_raw:
            fail(row_no, "org_unit", "the org unit is missing.")
        elif unit_raw in existing.unit_codes:
            unit_code = unit_raw
        elif unit_raw.lower() in existing.unit_names:
            unit_code = existing.unit_names[unit_raw.lower()]
        else:
            fail(
                row_no,
                "org_unit",
                f"no org unit has the code or name '{unit_raw}'. Import the org units first "
                "or correct the value.",
                unit_raw,
            )
        hire: date | None = None
        try:
            hire = parse_date(get(row, "hire_date"), options.date_format)
        except ValueError as error:
            fail(row_no, "hire_date", str(error), get(row, "hire_date"))
        active = True
        try:
            active = parse_active(get(row, "active"))
        except ValueError as error:
            fail(row_no, "active", str(error), get(row, "active"))
        role = cell_text(get(row, "job_role"))
        if role and role not in existing.role_names and role not in plan.new_roles:
            plan.new_roles[role] = cell_text(get(row, "job_family"))
        if len(plan.errors) == before:
            parsed.append(
                (
                    row_no,
                    PersonValues(
                        hris_id=hris_id,
                        first_name=first,
                        last_name=last,
                        email=email,
                        org_unit_code=unit_code,
                        job_role=role,
                        manager_hris_id=cell_text(get(row, "manager")),
                        location=cell_text(get(row, "location")),
                        hire_date=hire,
                        active=active,
                    ),
                )
            )

    # Rows with a duplicate HRIS id poison the id: the first row is not trusted either.
    duplicated = {e.value for e in plan.errors if e.message.startswith("HRIS id") and e.value}
    for row_no, person in parsed:
        if person.hris_id in duplicated:
            fail(
                row_no,
                "hris_id",
                f"HRIS id '{person.hris_id}' appears more than once.",
                person.hris_id,
            )
    parsed = [(r, p) for r, p in parsed if r not in plan.error_rows]

    # E-mail addresses held by people who are not in this file.
    taken = {
        p.email: p.hris_id
        for p in existing.people.values()
        if p.email and p.hris_id not in in_file_ids
    }
    for row_no, person in parsed:
        owner = taken.get(person.email)
        if owner:
            fail(
                row_no,
                "email",
                f"e-mail '{person.email}' belongs to {owner}, who is not in this file.",
                person.email,
            )

    staying = set(existing.people) if not options.deactivate_missing else set()
    _check_managers(plan, parsed, existing, in_file_ids, staying, fail)
    _check_kept_emails(plan, parsed, existing, fail)
    _classify(
        plan,
        [(r, p) for r, p in parsed if r not in plan.error_rows],
        existing,
        in_file_ids,
        options,
    )
    plan.errors.sort(key=lambda e: (e.row, e.column))
    if progress:
        progress(total, total)
    return plan


def _check_managers(  # noqa: PLR0912, PLR0917  (private; the loop checks share state)
    plan: PeoplePlan,
    parsed: list[tuple[int, PersonValues]],
    existing: ExistingPeople,
    in_file_ids: set[str],
    staying: set[str],
    fail: Callable[[int, str, str, Cell], None],
) -> None:
    # Manager references must resolve; ones pointing at rows with errors become
    # errors themselves, repeated until nothing changes (a chain of bad rows).
    valid_ids = {p.hris_id for r, p in parsed if r not in plan.error_rows}
    changed = True
    while changed:
        changed = False
        for row_no, person in parsed:
            if row_no in plan.error_rows or not person.manager_hris_id:
                continue
            manager = person.manager_hris_id
            if manager in valid_ids:
                continue
            if manager in in_file_ids:
                message = f"the manager '{manager}' is on a row with errors."
            elif manager in existing.people and (
                manager in staying or not existing.people[manager].active
            ):
                continue
            elif manager in existing.people:
                message = (
                    f"the manager '{manager}' is not in this file, so they would be deactivated."
                )
            else:
                message = f"no person has the HRIS id '{manager}' (in this file or in Mainspring)."
            fail(row_no, "manager", message, manager)
            valid_ids.discard(person.hris_id)
            changed = True

    # Loops: follow each chain in the state after the import.
    boss: dict[str, str] = {
        hid: p.manager_hris_id
        for hid, p in existing.people.items()
        if hid not in in_file_ids and p.manager_hris_id
    }
    row_of: dict[str, int] = {}
    for row_no, person in parsed:
        if row_no not in plan.error_rows:
            row_of[person.hris_id] = row_no
            if person.manager_hris_id:
                boss[person.hris_id] = person.manager_hris_id
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = known to end
    for start in row_of:
        walk: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = boss.get(node)
        if node is not None and state.get(node) == 1:
            loop = walk[walk.index(node) :]
            chain = " → ".join([*loop, node])
            for member in loop:
                if member in row_of:
                    fail(row_of[member], "manager", f"the manager chain loops: {chain}.", node)
        for member in walk:
            state[member] = 2


def _check_kept_emails(
    plan: PeoplePlan,
    parsed: list[tuple[int, PersonValues]],
    existing: ExistingPeople,
    fail: Callable[[int, str, str, Cell], None],
) -> None:
    # People whose rows have errors keep their current address; a valid row may not
    # take it (this matters when only the valid rows are imported).
    valid = {p.hris_id for r, p in parsed if r not in plan.error_rows}
    kept = {
        p.email: p.hris_id for p in existing.people.values() if p.email and p.hris_id not in valid
    }
    for row_no, person in parsed:
        if row_no in plan.error_rows or not person.email:
            continue
        owner = kept.get(person.email)
        if owner and owner != person.hris_id:
            fail(
                row_no,
                "email",
                f"e-mail '{person.email}' still belongs to {owner}, whose row has errors.",
                person.email,
            )


def _classify(
    plan: PeoplePlan,
    valid: list[tuple[int, PersonValues]],
    existing: ExistingPeople,
    in_file_ids: set[str],
    options: PeopleOptions,
) -> None:
    for _row_no, person in valid:
        plan.valid.append(person)
        old = existing.people.get(person.hris_id)
        if old is None:
            plan.created.append(person.hris_id)
            continue
        changed = [f for f in COMPARED_FIELDS if getattr(old, f) != getattr(person, f)]
        if changed:
            plan.updated[person.hris_id] = changed
        else:
            plan.unchanged.append(person.hris_id)
    if options.deactivate_missing:
        plan.deactivated = sorted(
            hid for hid, p in existing.people.items() if p.active and hid not in in_file_ids
        )


# ----------------------------------------------------------------------------- org units


@dataclass(frozen=True, slots=True)
class UnitValues:
    code: str
    name: str
    kind: str
    parent_code: str


@dataclass(slots=True)
class UnitPlan:
    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    valid: list[UnitValues] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Return the headline numbers of the plan."""
        return {
            "rows": self.total_rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "deactivated": 0,
            "invalid_rows": len({e.row for e in self.errors}),
            "errors": len(self.errors),
        }


def plan_unit_import(  # noqa: PLR0912  (one pass over the rows reads best)
    table: Table,
    mapping: Mapping[str, str],
    existing: Mapping[str, UnitValues],
    kinds: Iterable[str],
) -> UnitPlan:
    """Check an org-unit file (code, name, kind, parent code) and plan its changes."""
    plan = UnitPlan(total_rows=len(table.rows))
    index = {h: i for i, h in enumerate(table.headers)}
    col = {name: index[mapping[name]] for name in mapping if mapping.get(name) in index}
    labels = {spec.name: mapping.get(spec.name, spec.label) for spec in ORG_UNIT_FIELDS}
    valid_kinds = set(kinds)
    rows: dict[str, tuple[int, UnitValues]] = {}
    bad: set[int] = set()

    def get(row: list[Cell], name: str) -> str:
        i = col.get(name)
        return cell_text(row[i]) if i is not None and i < len(row) else ""

    def fail(row_no: int, name: str, message: str) -> None:
        plan.errors.append(RowError(row_no, labels.get(name, name), message))
        bad.add(row_no)

    for offset, row in enumerate(table.rows):
        row_no = offset + 2
        code, name = get(row, "code"), get(row, "name")
        kind = (get(row, "kind") or "department").lower()
        if not code:
            fail(row_no, "code", "the code is missing.")
        elif code in rows:
            fail(row_no, "code", f"code '{code}' already appears on row {rows[code][0]}.")
        if not name:
            fail(row_no, "name", "the name is missing.")
        if kind not in valid_kinds:
            fail(row_no, "kind", f"'{kind}' is not one of {', '.join(sorted(valid_kinds))}.")
        if code and code not in rows:
            rows[code] = (row_no, UnitValues(code, name, kind, get(row, "parent")))

    parent_of = {c: u.parent_code for c, u in existing.items()}
    for code, (_row_no, unit) in rows.items():
        parent_of[code] = unit.parent_code
    for code, (row_no, unit) in rows.items():
        if unit.parent_code and unit.parent_code not in parent_of:
            fail(row_no, "parent", f"no org unit has the code '{unit.parent_code}'.")
            continue
        seen = [code]
        node = unit.parent_code
        while node:
            if node in seen:
                fail(row_no, "parent", "the parent chain loops: " + " → ".join([*seen, node]))
                break
            seen.append(node)
            node = parent_of.get(node, "")
    for code, (row_no, unit) in rows.items():
        if row_no in bad:
            continue
        plan.valid.append(unit)
        old = existing.get(code)
        if old is None:
            plan.created.append(code)
        elif old != unit:
            plan.updated[code] = [
                f for f in ("name", "kind", "parent_code") if getattr(old, f) != getattr(unit, f)
            ]
        else:
            plan.unchanged.append(code)
    plan.errors.sort(key=lambda e: (e.row, e.column))
    return plan


def order_parents_first(units: Iterable[UnitValues]) -> Iterator[UnitValues]:
    """Yield units so that every parent in the batch comes before its children."""
    pending = {u.code: u for u in units}
    done: set[str] = set()

    def visit(unit: UnitValues) -> Iterator[UnitValues]:
        stack = [unit]
        while stack:
            top = stack[-1]
            parent = pending.get(top.parent_code)
            if parent is not None and parent.code not in done and parent not in stack:
                stack.append(parent)
                continue
            stack.pop()
            if top.code not in done:
                done.add(top.code)
                yield top

    for unit in list(pending.values()):
        yield from visit(unit)


def errors_as_dicts(errors: Iterable[RowError], limit: int | None = None) -> list[dict[str, Any]]:
    """Serialise row errors for JSON storage, keeping at most ``limit``."""
    out: list[dict[str, Any]] = []
    for error in errors:
        if limit is not None and len(out) >= limit:
            break
        out.append(
            {
                "row": error.row,
                "column": error.column,
                "message": error.message,
                "value": error.value,
            }
        )
    return out
