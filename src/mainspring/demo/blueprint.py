"""Northwind Freight as plain values: the demo organisation, generated from a seed.

:func:`generate_org` is pure: no database, no clock, one ``random.Random(seed)``.
The same arguments always give an equal :class:`OrgBlueprint`, so every seeder that
builds on it (and every screenshot of the demo) is reproducible.

The shape, from ``design/DEMO.md``::

    Northwind Freight (NWF, company)
    ├── Operations (OPS)          regions → depots (sites) → teams; drivers and depot leads
    ├── Warehousing (WH)          regions → warehouses (sites) → teams; pickers, shift leads
    ├── Sales (SALES)             regional sales departments; account executives
    ├── Customer Service (CS)     contact centre departments; agents and team leads
    └── Corporate (CORP)          executive office, finance, HR, IT, learning & development

Front-line leads have about 8-14 reports; when a manager would have more than
:data:`MAX_SPAN` leads, a layer of middle managers is put in between.
"""

from __future__ import annotations

import functools
import math
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from mainspring.demo import names
from mainspring.org.models import UnitKind

COMPANY_CODE = "NWF"
COMPANY_NAME = "Northwind Freight"
EMAIL_DOMAIN = "northwind.example"
HEAD_OFFICE = "Head office"
MIN_PEOPLE = 200
MAX_SPAN = 14
NEW_SITE_AGE_MONTHS = 14
HISTORY_DAYS = 15 * 365

# Job roles: the names later seeders look people up by.
CEO = "Chief Executive Officer"
COO = "Chief Operating Officer"
CFO = "Chief Financial Officer"
CHRO = "Chief Human Resources Officer"
SALES_DIRECTOR = "Sales Director"
OPERATIONS_DIRECTOR = "Operations Director"
WAREHOUSING_DIRECTOR = "Warehousing Director"
CUSTOMER_SERVICE_DIRECTOR = "Customer Service Director"
REGIONAL_OPERATIONS_MANAGER = "Regional Operations Manager"
DEPOT_MANAGER = "Depot Manager"
ASSISTANT_DEPOT_MANAGER = "Assistant Depot Manager"
DEPOT_LEAD = "Depot Lead"
DRIVER = "Driver"
REGIONAL_WAREHOUSE_MANAGER = "Regional Warehouse Manager"
WAREHOUSE_MANAGER = "Warehouse Manager"
WAREHOUSE_OPERATIONS_MANAGER = "Warehouse Operations Manager"
SHIFT_LEAD = "Shift Lead"
PICKER = "Picker"
REGIONAL_SALES_MANAGER = "Regional Sales Manager"
AREA_SALES_MANAGER = "Area Sales Manager"
SALES_MANAGER = "Sales Manager"
ACCOUNT_EXECUTIVE = "Account Executive"
CONTACT_CENTRE_MANAGER = "Contact Centre Manager"
CONTACT_CENTRE_OPERATIONS_MANAGER = "Contact Centre Operations Manager"
CUSTOMER_SERVICE_TEAM_LEAD = "Customer Service Team Lead"
CUSTOMER_SERVICE_AGENT = "Customer Service Agent"
HEAD_OF_LEARNING = "Head of Learning"
LEARNING_MANAGER = "Learning Manager"
INSTRUCTIONAL_DESIGNER = "Instructional Designer"
FACILITATOR = "Facilitator"
LMS_ADMINISTRATOR = "LMS Administrator"
LEARNING_COORDINATOR = "Learning Coordinator"

_FAMILIES: dict[str, tuple[str, ...]] = {
    "Executive": (CEO, COO, CFO, CHRO),
    "Operations": (
        OPERATIONS_DIRECTOR,
        REGIONAL_OPERATIONS_MANAGER,
        DEPOT_MANAGER,
        ASSISTANT_DEPOT_MANAGER,
        DEPOT_LEAD,
        DRIVER,
    ),
    "Warehousing": (
        WAREHOUSING_DIRECTOR,
        REGIONAL_WAREHOUSE_MANAGER,
        WAREHOUSE_MANAGER,
        WAREHOUSE_OPERATIONS_MANAGER,
        SHIFT_LEAD,
        PICKER,
    ),
    "Sales": (
        SALES_DIRECTOR,
        REGIONAL_SALES_MANAGER,
        AREA_SALES_MANAGER,
        SALES_MANAGER,
        ACCOUNT_EXECUTIVE,
    ),
    "Customer Service": (
        CUSTOMER_SERVICE_DIRECTOR,
        CONTACT_CENTRE_MANAGER,
        CONTACT_CENTRE_OPERATIONS_MANAGER,
        CUSTOMER_SERVICE_TEAM_LEAD,
        CUSTOMER_SERVICE_AGENT,
    ),
    "Finance": (
        "Head of Finance",
        "Senior Finance Manager",
        "Finance Team Lead",
        "Financial Analyst",
        "Accounts Assistant",
        "Payroll Specialist",
    ),
    "Human Resources": (
        "Head of HR",
        "Senior HR Manager",
        "HR Team Lead",
        "HR Advisor",
        "HR Business Partner",
        "Recruiter",
        "HR Administrator",
    ),
    "Technology": (
        "Head of IT",
        "IT Manager",
        "IT Team Lead",
        "IT Support Analyst",
        "Software Engineer",
        "Systems Administrator",
        "Data Analyst",
    ),
    "Learning and Development": (
        HEAD_OF_LEARNING,
        LEARNING_MANAGER,
        INSTRUCTIONAL_DESIGNER,
        FACILITATOR,
        LMS_ADMINISTRATOR,
        LEARNING_COORDINATOR,
    ),
}
_FAMILY_OF = {role: family for family, roles in _FAMILIES.items() for role in roles}

# Shares of the headcount by division (design/DEMO.md), largest remainder to the person.
_DIVISIONS: tuple[tuple[str, str, float], ...] = (
    ("OPS", "Operations", 0.45),
    ("WH", "Warehousing", 0.25),
    ("SALES", "Sales", 0.08),
    ("CS", "Customer Service", 0.12),
    ("CORP", "Corporate", 0.10),
)

# The people the demo's story is about keep their names whatever the seed.
_CAST: dict[str, tuple[str, str]] = {
    CEO: ("Helen", "Adeyemi"),
    COO: ("David", "Kowalski"),
    CFO: ("Rachel", "Goldberg"),
    CHRO: ("Sunita", "Rao"),
    SALES_DIRECTOR: ("Marcus", "Bell"),
    OPERATIONS_DIRECTOR: ("Gareth", "Evans"),
    WAREHOUSING_DIRECTOR: ("Joanna", "Nowak"),
    CUSTOMER_SERVICE_DIRECTOR: ("Femi", "Adebayo"),
    HEAD_OF_LEARNING: ("Priya", "Shah"),
    LEARNING_MANAGER: ("Tom", "Gallagher"),
    FACILITATOR: ("Kwame", "Mensah"),
    LMS_ADMINISTRATOR: ("Sophie", "Turner"),
    LEARNING_COORDINATOR: ("Jack", "Morrison"),
}
_DESIGNERS = (("Aisha", "Rahman"), ("Ben", "Carter"), ("Mei", "Chen"))


@dataclass(frozen=True, slots=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent_code: str  # "" for the company


@dataclass(frozen=True, slots=True)
class RoleSpec:
    name: str
    family: str


@dataclass(frozen=True, slots=True)
class PersonSpec:
    hris_id: str
    first_name: str
    last_name: str
    email: str  # "" for the front-line staff the HRIS holds no address for
    org_unit_code: str
    job_role: str
    manager_hris_id: str  # "" only for the CEO
    location: str
    hire_date: date
    active: bool


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """A depot or warehouse (an org unit of kind site) and where it is."""

    code: str
    name: str
    division_code: str  # OPS for depots, WH for warehouses
    region_code: str
    town: str
    opened: date | None  # None: open since before the fifteen years of history


@dataclass(frozen=True, slots=True)
class KeyPeople:
    """HRIS ids of the people the demo story names."""

    ceo: str
    coo: str
    cfo: str
    chro: str
    sales_director: str
    operations_director: str
    warehousing_director: str
    customer_service_director: str
    head_of_learning: str
    learning_manager: str
    instructional_designers: tuple[str, ...]
    facilitator: str
    lms_administrator: str
    learning_coordinator: str

    @property
    def learning_team(self) -> tuple[str, ...]:
        """Return the whole L&D team, head first."""
        return (
            self.head_of_learning,
            self.learning_manager,
            *self.instructional_designers,
            self.facilitator,
            self.lms_administrator,
            self.learning_coordinator,
        )


@dataclass(frozen=True, slots=True)
class OrgBlueprint:
    """The whole organisation. ``units`` list parents first, ``people`` managers first."""

    seed: int
    today: date
    units: tuple[UnitSpec, ...]
    roles: tuple[RoleSpec, ...]
    people: tuple[PersonSpec, ...]
    sites: tuple[SiteSpec, ...]
    new_site_code: str
    new_site_opened: date
    key_people: KeyPeople


@dataclass(frozen=True, slots=True)
class _Group:
    """The roles of a front line: its middle managers, leads and members (weighted)."""

    middle: str
    lead: str
    members: tuple[str, ...]
    weights: tuple[float, ...] = ()


_DEPOT = _Group(ASSISTANT_DEPOT_MANAGER, DEPOT_LEAD, (DRIVER,))
_WAREHOUSE = _Group(WAREHOUSE_OPERATIONS_MANAGER, SHIFT_LEAD, (PICKER,))
_SALES = _Group(AREA_SALES_MANAGER, SALES_MANAGER, (ACCOUNT_EXECUTIVE,))
_SERVICE = _Group(
    CONTACT_CENTRE_OPERATIONS_MANAGER, CUSTOMER_SERVICE_TEAM_LEAD, (CUSTOMER_SERVICE_AGENT,)
)


@dataclass(frozen=True, slots=True)
class _Department:
    """A corporate department: its head, whom the head reports to, and its share."""

    code: str
    name: str
    head_role: str
    boss_role: str
    share: float  # of the corporate headcount left after the executives and L&D
    group: _Group


_CORPORATE_DEPARTMENTS = (
    _Department(
        "FIN",
        "Finance",
        "Head of Finance",
        CFO,
        0.30,
        _Group(
            "Senior Finance Manager",
            "Finance Team Lead",
            ("Financial Analyst", "Accounts Assistant", "Payroll Specialist"),
            (3, 4, 2),
        ),
    ),
    _Department(
        "HR",
        "Human Resources",
        "Head of HR",
        CHRO,
        0.25,
        _Group(
            "Senior HR Manager",
            "HR Team Lead",
            ("HR Advisor", "HR Business Partner", "Recruiter", "HR Administrator"),
            (4, 2, 3, 3),
        ),
    ),
    _Department(
        "IT",
        "IT",
        "Head of IT",
        CFO,
        0.45,
        _Group(
            "IT Manager",
            "IT Team Lead",
            ("IT Support Analyst", "Software Engineer", "Systems Administrator", "Data Analyst"),
            (4, 4, 2, 2),
        ),
    ),
)

# Levels steer hire dates: the front line turns over, the top has been here longest.
_FRONT, _LEAD, _MANAGER, _DIRECTOR, _FOUNDER = range(5)
_PEOPLE_PER_LEAD = 12.5  # a lead plus about 11 reports
_MIDDLE_SPAN = 10
_SMALLEST_TEAM = 3  # fewer people report to the head directly
_NO_EMAIL_ROLES = frozenset({DRIVER, PICKER})
_NO_EMAIL_SHARE = 0.10
_OPENING_COHORT_SHARE = 0.6  # of a new site's staff, hired in its first two months


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a group works, and the earliest day anyone there can have been hired."""

    location: str
    earliest: date | None = None


_HEAD_OFFICE = _Place(HEAD_OFFICE)


@dataclass(frozen=True, slots=True)
class _Network:
    """A division of sites in regions: Operations' depots or Warehousing's warehouses."""

    division: str
    label: str
    prefix: str
    site_word: str
    region_role: str
    site_role: str
    group: _Group


_DEPOTS = _Network(
    "OPS", "Operations", "DEP", "Depot", REGIONAL_OPERATIONS_MANAGER, DEPOT_MANAGER, _DEPOT
)
_WAREHOUSES = _Network(
    "WH",
    "Warehousing",
    "WH",
    "Warehouse",
    REGIONAL_WAREHOUSE_MANAGER,
    WAREHOUSE_MANAGER,
    _WAREHOUSE,
)


@dataclass(slots=True)
class _Draft:
    first: str
    last: str
    unit: str
    role: str
    manager: int  # index into the drafts; -1 for the CEO
    location: str
    level: int
    depth: int
    earliest: date | None
    cast: bool


def generate_org(people: int = 2000, seed: int = 42, *, today: date) -> OrgBlueprint:
    """Generate Northwind Freight with exactly ``people`` people.

    Args:
        people: headcount, leavers included; at least :data:`MIN_PEOPLE`.
        seed: the seed of the only random generator used.
        today: the day the organisation is seen from; no hire date is later.

    Raises:
        ValueError: when ``people`` is below :data:`MIN_PEOPLE`.
    """
    if people < MIN_PEOPLE:
        raise ValueError(f"The demo organisation needs at least {MIN_PEOPLE} people.")
    builder = _Builder(random.Random(seed), today)  # noqa: S311  (reproducible, not secret)
    return builder.build(people, seed)


class _Builder:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.units: list[UnitSpec] = []
        self.drafts: list[_Draft] = []
        self.sites: list[SiteSpec] = []
        self.roles: dict[str, None] = {}  # an ordered set
        self.cast: dict[str, list[int]] = {}

    # --------------------------------------------------------------------- structure

    def build(self, people: int, seed: int) -> OrgBlueprint:
        budgets = dict(
            zip(
                [d[0] for d in _DIVISIONS],
                _apportion(people, [d[2] for d in _DIVISIONS]),
                strict=True,
            )
        )
        self.unit(COMPANY_CODE, COMPANY_NAME, UnitKind.COMPANY, "")
        for code, name, _share in _DIVISIONS:
            self.unit(code, name, UnitKind.DIVISION, COMPANY_CODE)

        self.unit("EXEC", "Executive Office", UnitKind.DEPARTMENT, "CORP")
        ceo = self.named(CEO, "EXEC", -1, _FOUNDER)
        coo, cfo, chro = (self.named(role, "EXEC", ceo, _DIRECTOR) for role in (COO, CFO, CHRO))
        sales_director = self.named(SALES_DIRECTOR, "SALES", ceo, _DIRECTOR)
        ops_director = self.named(OPERATIONS_DIRECTOR, "OPS", coo, _DIRECTOR)
        wh_director = self.named(WAREHOUSING_DIRECTOR, "WH", coo, _DIRECTOR)
        cs_director = self.named(CUSTOMER_SERVICE_DIRECTOR, "CS", coo, _DIRECTOR)
        self.learning_team(chro)
        # Four executives and the L&D team of eight are the fixed part of Corporate.
        self.corporate(budgets["CORP"] - 4 - 8, {CFO: cfo, CHRO: chro})

        n_sites = min(40, max(12, round(people / 100)))
        n_depots = round(n_sites * 45 / 70)
        towns = self.rng.sample(names.TOWNS, n_sites)
        opened = _add_months(self.today, -NEW_SITE_AGE_MONTHS)
        self.network(
            _DEPOTS, ops_director, budgets["OPS"] - 1, towns[:n_depots], new_site_opened=opened
        )
        self.network(_WAREHOUSES, wh_director, budgets["WH"] - 1, towns[n_depots:])
        self.sales(sales_director, budgets["SALES"] - 1)
        self.service(cs_director, budgets["CS"] - 1)
        assert len(self.drafts) == people, (len(self.drafts), people)
        return self.finish(seed, opened)

    def unit(self, code: str, name: str, kind: str, parent: str) -> str:
        self.units.append(UnitSpec(code, name, kind, parent))
        return code

    def person(
        self,
        role: str,
        unit: str,
        manager: int,
        level: int,
        place: _Place,
        *,
        name: tuple[str, str] | None = None,
    ) -> int:
        first, last = name or (
            self.rng.choice(names.FIRST_NAMES),
            self.rng.choice(names.LAST_NAMES),
        )
        depth = self.drafts[manager].depth + 1 if manager >= 0 else 0
        self.drafts.append(
            _Draft(
                first,
                last,
                unit,
                role,
                manager,
                place.location,
                level,
                depth,
                place.earliest,
                cast=name is not None,
            )
        )
        self.roles[role] = None
        return len(self.drafts) - 1

    def named(
        self, role: str, unit: str, manager: int, level: int, name: tuple[str, str] | None = None
    ) -> int:
        index = self.person(role, unit, manager, level, _HEAD_OFFICE, name=name or _CAST[role])
        self.cast.setdefault(role, []).append(index)
        return index

    def learning_team(self, chro: int) -> None:
        unit = self.unit("LD", "Learning & Development", UnitKind.DEPARTMENT, "CORP")
        head = self.named(HEAD_OF_LEARNING, unit, chro, _MANAGER)
        manager = self.named(LEARNING_MANAGER, unit, head, _LEAD)
        for name in _DESIGNERS:
            self.named(INSTRUCTIONAL_DESIGNER, unit, manager, _FRONT, name)
        for role in (FACILITATOR, LMS_ADMINISTRATOR, LEARNING_COORDINATOR):
            self.named(role, unit, manager, _FRONT)

    def corporate(self, rest: int, bosses: dict[str, int]) -> None:
        sizes = _apportion(rest, [d.share for d in _CORPORATE_DEPARTMENTS])
        for department, size in zip(_CORPORATE_DEPARTMENTS, sizes, strict=True):
            code = self.unit(department.code, department.name, UnitKind.DEPARTMENT, "CORP")
            boss = bosses[department.boss_role]
            head = self.person(department.head_role, code, boss, _MANAGER, _HEAD_OFFICE)
            self.group(head, size - 1, code, department.group, _HEAD_OFFICE)

    def network(
        self,
        network: _Network,
        director: int,
        budget: int,
        towns: list[str],
        *,
        new_site_opened: date | None = None,
    ) -> None:
        n_sites = len(towns)
        n_regions = min(
            len(names.REGIONS), max(min(5, math.ceil(n_sites / 2)), math.ceil(n_sites / 5))
        )
        weights = [self.rng.uniform(0.7, 1.3) for _ in towns]
        if new_site_opened is not None:
            weights[-1] = 0.5  # the new depot is still growing
        site_sizes = _apportion(budget - n_regions - n_sites, weights)
        per_region = _apportion(n_sites, [1.0] * n_regions)
        site_no = 0
        for region, count in zip(names.REGIONS, per_region, strict=False):
            region_code = self.unit(
                f"{network.division}-{_slug(region).upper()}",
                f"{network.label} {region}",
                UnitKind.REGION,
                network.division,
            )
            region_head = self.person(
                network.region_role, region_code, director, _MANAGER, _Place(towns[site_no])
            )
            for _ in range(count):
                town = towns[site_no]
                code = f"{network.prefix}-{site_no + 1:02d}"
                name = f"{town} {network.site_word}"
                is_new = new_site_opened is not None and site_no == n_sites - 1
                place = _Place(town, new_site_opened if is_new else None)
                site = UnitSpec(code, name, UnitKind.SITE, region_code)
                self.units.append(site)
                self.sites.append(
                    SiteSpec(code, name, network.division, region_code, town, place.earliest)
                )
                head = self.person(network.site_role, code, region_head, _MANAGER, place)
                self.group(head, site_sizes[site_no], code, network.group, place, site=site)
                site_no += 1

    def sales(self, director: int, budget: int) -> None:
        n_regions = min(5, max(2, round(budget / 60)))
        sizes = _apportion(budget, [self.rng.uniform(0.8, 1.2) for _ in range(n_regions)])
        for region, size in zip(names.REGIONS, sizes, strict=False):
            code = self.unit(
                f"SALES-{_slug(region).upper()}", f"Sales {region}", UnitKind.DEPARTMENT, "SALES"
            )
            head = self.person(REGIONAL_SALES_MANAGER, code, director, _MANAGER, _HEAD_OFFICE)
            self.group(head, size - 1, code, _SALES, _HEAD_OFFICE)

    def service(self, director: int, budget: int) -> None:
        departments = (("CS-CONTACT", "Contact Centre"), ("CS-BUSINESS", "Business Customer Care"))
        for (code, name), size in zip(departments, _apportion(budget, [0.7, 0.3]), strict=True):
            self.unit(code, name, UnitKind.DEPARTMENT, "CS")
            head = self.person(CONTACT_CENTRE_MANAGER, code, director, _MANAGER, _HEAD_OFFICE)
            # Agents work in teams (org units), as drivers do: complaints are counted per team.
            teams_in = UnitSpec(code, name, UnitKind.DEPARTMENT, "CS")
            self.group(head, size - 1, code, _SERVICE, _HEAD_OFFICE, site=teams_in)

    def group(
        self,
        head: int,
        size: int,
        unit: str,
        group: _Group,
        place: _Place,
        *,
        site: UnitSpec | None = None,
    ) -> None:
        """Put ``size`` people under ``head``: middle managers, leads, their teams.

        With ``site`` (a depot, a warehouse or a customer-service department), each lead's
        team is an org unit of its own below it; otherwise the team stays in ``unit``.
        """
        if size < _SMALLEST_TEAM:
            for _ in range(size):
                self.person(self.member_role(group), unit, head, _FRONT, place)
            return
        leads = max(1, math.ceil(size / _PEOPLE_PER_LEAD))
        layers: list[int] = []
        count = leads
        while count > MAX_SPAN:
            count = math.ceil(count / _MIDDLE_SPAN)
            layers.append(count)
        members = size - leads - sum(layers)
        bosses = [head]
        for count in reversed(layers):
            below: list[int] = []
            for boss, n in zip(bosses, _apportion(count, [1.0] * len(bosses)), strict=True):
                below += [self.person(group.middle, unit, boss, _MANAGER, place) for _ in range(n)]
            bosses = below
        team_sizes = _apportion(members, [self.rng.uniform(0.85, 1.15) for _ in range(leads)])
        lead_no = 0
        for boss, n in zip(bosses, _apportion(leads, [1.0] * len(bosses)), strict=True):
            for _ in range(n):
                team = unit
                if site is not None and leads > 1:
                    team = self.unit(
                        f"{site.code}-T{lead_no + 1:02d}",
                        f"{site.name} Team {lead_no + 1}",
                        UnitKind.TEAM,
                        site.code,
                    )
                lead = self.person(group.lead, team, boss, _LEAD, place)
                for _ in range(team_sizes[lead_no]):
                    self.person(self.member_role(group), team, lead, _FRONT, place)
                lead_no += 1

    def member_role(self, group: _Group) -> str:
        if len(group.members) == 1:
            return group.members[0]
        return self.rng.choices(group.members, group.weights)[0]

    # --------------------------------------------------------------------- people

    def finish(self, seed: int, new_site_opened: date) -> OrgBlueprint:
        drafts = self.drafts
        hired = [self.hire_date(d) for d in drafts]
        front = [i for i, d in enumerate(drafts) if d.level == _FRONT and not d.cast]
        leavers = set(self.rng.sample(front, round(len(drafts) * self.rng.uniform(0.06, 0.09))))
        emails = self.emails()
        # HRIS ids follow the order people joined, as they do in most HR systems.
        by_hire = sorted(range(len(drafts)), key=lambda i: (hired[i], i))
        hris = [""] * len(drafts)
        for rank, index in enumerate(by_hire, start=1):
            hris[index] = f"NW{rank:06d}"
        people = tuple(
            PersonSpec(
                hris_id=hris[i],
                first_name=d.first,
                last_name=d.last,
                email=emails[i],
                org_unit_code=d.unit,
                job_role=d.role,
                manager_hris_id=hris[d.manager] if d.manager >= 0 else "",
                location=d.location,
                hire_date=hired[i],
                active=i not in leavers,
            )
            for i, d in sorted(enumerate(drafts), key=lambda pair: pair[1].depth)
        )

        def one(role: str) -> str:
            return hris[self.cast[role][0]]

        key_people = KeyPeople(
            ceo=one(CEO),
            coo=one(COO),
            cfo=one(CFO),
            chro=one(CHRO),
            sales_director=one(SALES_DIRECTOR),
            operations_director=one(OPERATIONS_DIRECTOR),
            warehousing_director=one(WAREHOUSING_DIRECTOR),
            customer_service_director=one(CUSTOMER_SERVICE_DIRECTOR),
            head_of_learning=one(HEAD_OF_LEARNING),
            learning_manager=one(LEARNING_MANAGER),
            instructional_designers=tuple(hris[i] for i in self.cast[INSTRUCTIONAL_DESIGNER]),
            facilitator=one(FACILITATOR),
            lms_administrator=one(LMS_ADMINISTRATOR),
            learning_coordinator=one(LEARNING_COORDINATOR),
        )
        new_site = next(s for s in self.sites if s.opened is not None)
        return OrgBlueprint(
            seed=seed,
            today=self.today,
            units=tuple(self.units),
            roles=tuple(RoleSpec(r, _FAMILY_OF[r]) for r in self.roles),
            people=people,
            sites=tuple(self.sites),
            new_site_code=new_site.code,
            new_site_opened=new_site_opened,
            key_people=key_people,
        )

    def hire_date(self, draft: _Draft) -> date:
        rng, span = self.rng, HISTORY_DAYS
        if draft.earliest is not None:
            age = (self.today - draft.earliest).days
            if draft.level >= _MANAGER:
                days = age  # the manager opened the site
            elif rng.random() < _OPENING_COHORT_SHARE:
                days = rng.randint(max(0, age - 60), age)  # the opening cohort
            else:
                days = rng.randint(0, age)
        elif draft.level == _FOUNDER:
            days = span + 30
        elif draft.level == _DIRECTOR:
            days = rng.randint(2 * 365, span)
        elif draft.level == _MANAGER:
            days = int(rng.triangular(365, span, span * 0.4))
        elif draft.level == _LEAD:
            days = int(rng.triangular(90, span, span * 0.25))
        else:
            # Recent hires are the commonest: the front line turns over.
            days = int(rng.triangular(0, span, 0))
        return self.today - timedelta(days=days)

    def emails(self) -> list[str]:
        taken: dict[str, int] = {}
        emails: list[str] = []
        for draft in self.drafts:
            if draft.role in _NO_EMAIL_ROLES and self.rng.random() < _NO_EMAIL_SHARE:
                emails.append("")
                continue
            base = f"{_slug(draft.first)}.{_slug(draft.last)}"
            n = taken.get(base, 0) + 1
            taken[base] = n
            local = base if n == 1 else f"{base}{n}"
            emails.append(f"{local}@{EMAIL_DOMAIN}")
        return emails


@functools.cache
def _slug(text: str) -> str:
    # Letters and hyphens only, so "first.last" plus a number can never collide
    # with another person's plain "first.last".
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z-]+", "", plain.replace(" ", "-")).strip("-")


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into whole parts proportional to ``weights`` (largest remainder)."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, 28))
