"""The learning factory's year of work: the L&D team, vendors, requests and projects.

It runs after the costs seeder and builds, relative to the day the demo is seen
(``ctx.calendar_today``, else ``ctx.today``):

- the team: the L&D people of the org plus an analyst lent by IT as the evaluation
  specialist, with roles, weekly capacities (some part-time), the learning manager as
  their manager, self and manager ratings with targets on every competency, and a
  development plan (one action overdue);
- six vendors with contracts (the LMS's renews within 90 days), rates, and ratings on the
  projects they worked on;
- forty requests over the last twelve months from Operations, Warehousing, Sales, Customer
  Service and HR, each with the events of its way through intake: waiting for triage (one
  for weeks), in triage, accepted into projects, programs and needs, one merged, some
  deferred, some declined with the reason the requester reads (the warehouse with broken
  scanners: not a learning problem, tools); two sets of priority weights and a few
  priority changes;
- ten projects on ADDIE and SAM in every phase, started with
  :func:`~mainspring.factory.actions.projects.start_project` and then given progress. The
  story the board tells: the New Manager module's critical path has slipped by eight
  working days, the privacy refresh's legal review is overdue, the vendor of the Sales
  Academy modules is late (and its sponsor changed his mind twice), Aisha Rahman is booked
  well over her hours next week, and one project is on hold. Two projects feed initiatives
  of the strategy's implementation plan, their milestone tasks synced as its milestones.

Projects are laid out against the Monday of next week (the "anchor"): each sits on a
given working day of its plan then, so the story holds whatever weekday the demo is
built on.

It leaves ``ctx.registry["factory_work"]``: ``over_allocated`` (the member's name) and
``over_allocated_member`` (pk), ``slipping_project``, ``overdue_review`` (project and
task), ``late_vendor`` (vendor, project, task), ``oldest_waiting`` (the request waiting
longest for triage), and the pks by key: ``project_ids``, ``request_ids``,
``member_ids``, ``vendor_ids``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connection
from simple_history.utils import bulk_create_with_history

from mainspring.demo import blueprint as bp
from mainspring.demo import strategy_text as st
from mainspring.experiences.models import Program
from mainspring.factory import planning, prioritisation
from mainspring.factory.actions import projects as project_actions
from mainspring.factory.defaults import COMPETENCIES, ensure_defaults
from mainspring.factory.models import (
    Acceptance,
    ChangeKind,
    Competency,
    CompetencyRating,
    Dependency,
    DevelopmentAction,
    DevelopmentStatus,
    Diagnosis,
    PriorityChange,
    PriorityWeights,
    ProcessTemplate,
    Project,
    ProjectChange,
    ProjectStatus,
    Request,
    RequestEvent,
    RequestStatus,
    Task,
    TaskStatus,
    TeamMember,
    TeamRole,
    Vendor,
    VendorRating,
)
from mainspring.factory.schedule import WorkCalendar
from mainspring.org.models import OrgUnit, Person, User
from mainspring.strategy.models import KPI, Initiative

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

REASON = "Demo factory work"
SATURDAY = 5
D = Diagnosis
P = ProjectStatus

# ----------------------------------------------------------------------------- the team

# Levels (1-5) in the order of ``defaults.COMPETENCIES``: consulting, instructional
# design, development, facilitation, evaluation, project management, learning technology,
# business acumen, strategy, stakeholder relationships, leading the team.
Levels = tuple[int, int, int, int, int, int, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class MemberSpec:
    key: str
    role: str
    capacity: int  # hours a week for project work
    levels: Levels  # the manager's view
    targets: Levels


EVALUATOR = "evaluator"
MEMBERS: tuple[MemberSpec, ...] = (
    MemberSpec(
        "head",
        TeamRole.LEADER,
        6,
        (4, 3, 2, 3, 3, 4, 3, 4, 4, 4, 4),
        (4, 3, 2, 3, 4, 4, 3, 5, 5, 5, 4),
    ),
    MemberSpec(
        "manager",
        TeamRole.MANAGER,
        12,
        (4, 3, 2, 3, 2, 4, 3, 3, 2, 3, 3),
        (4, 3, 2, 3, 3, 5, 3, 4, 3, 4, 4),
    ),
    MemberSpec(
        "aisha",
        TeamRole.DESIGNER,
        30,
        (4, 4, 3, 2, 2, 3, 2, 2, 1, 3, 1),
        (4, 5, 3, 2, 3, 3, 2, 3, 1, 3, 1),
    ),
    MemberSpec(
        "ben",
        TeamRole.DESIGNER,
        30,
        (3, 4, 4, 2, 2, 3, 3, 2, 1, 2, 1),
        (4, 4, 4, 2, 3, 3, 3, 2, 1, 3, 1),
    ),
    MemberSpec(
        "mei",
        TeamRole.DESIGNER,
        28,
        (3, 3, 3, 3, 2, 2, 2, 2, 1, 2, 1),
        (3, 4, 3, 3, 3, 3, 2, 2, 1, 2, 1),
    ),
    MemberSpec(
        "facilitator",
        TeamRole.FACILITATOR,
        24,
        (3, 2, 1, 5, 2, 3, 2, 3, 1, 4, 2),
        (3, 3, 2, 5, 3, 3, 2, 3, 1, 4, 2),
    ),
    MemberSpec(
        "lms",
        TeamRole.LMS_ADMIN,
        16,
        (2, 2, 3, 3, 2, 3, 5, 2, 1, 2, 1),
        (2, 2, 4, 3, 3, 3, 5, 2, 1, 2, 1),
    ),
    MemberSpec(
        "coordinator",
        TeamRole.COORDINATOR,
        20,
        (2, 1, 2, 2, 2, 3, 3, 2, 1, 3, 1),
        (2, 2, 2, 2, 2, 4, 3, 2, 1, 3, 1),
    ),
    MemberSpec(
        EVALUATOR,
        TeamRole.EVALUATOR,
        12,
        (2, 1, 1, 1, 4, 2, 3, 3, 1, 2, 1),
        (3, 2, 1, 1, 5, 2, 3, 3, 1, 3, 1),
    ),
)


@dataclass(frozen=True, slots=True)
class DevelopmentSpec:
    member: str
    competency: str
    action: str
    due: int  # days from today
    status: str
    notes: str = ""


S = DevelopmentStatus
DEVELOPMENT: tuple[DevelopmentSpec, ...] = (
    DevelopmentSpec(
        "manager",
        "business-acumen",
        "Finance for non-finance managers (two-day course)",
        -24,
        S.PLANNED,
        "Booked twice, cancelled twice for project fire-fighting.",
    ),
    DevelopmentSpec(
        "head",
        "business-acumen",
        "Quarterly P&L review with the COO's finance partner",
        45,
        S.UNDER_WAY,
    ),
    DevelopmentSpec(
        "aisha",
        "evaluation",
        "Evaluation clinic: design a level-3 follow-up with the evaluation specialist",
        60,
        S.PLANNED,
    ),
    DevelopmentSpec(
        "ben", "development", "Accessibility practitioner course (WCAG 2.2)", -40, S.DONE
    ),
    DevelopmentSpec(
        "mei",
        "instructional-design",
        "Co-write two design documents with Aisha",
        75,
        S.UNDER_WAY,
        "The first one (team-lead coaching) is done.",
    ),
    DevelopmentSpec(
        "facilitator",
        "facilitation",
        "Virtual classroom producer certification",
        30,
        S.UNDER_WAY,
    ),
    DevelopmentSpec(
        "lms", "learning-technology", "xAPI and cmi5 workshop", -60, S.DONE, "Led the LRS set-up."
    ),
    DevelopmentSpec(
        "coordinator",
        "project-management",
        "Project management foundations, with a stretch: run the scanner-site launch",
        120,
        S.PLANNED,
    ),
    DevelopmentSpec(
        EVALUATOR,
        "evaluation",
        "Impact evaluation: difference-in-differences and event studies (online course)",
        90,
        S.UNDER_WAY,
    ),
)

# --------------------------------------------------------------------------- vendors


@dataclass(frozen=True, slots=True)
class VendorSpec:
    key: str
    name: str
    services: str
    contact: str
    rate: int
    rate_unit: str
    contract: tuple[int, int]  # (start, renewal) in days from today
    notes: str = ""


VENDORS: tuple[VendorSpec, ...] = (
    VendorSpec(
        "brightlane",
        "BrightLane Studio",
        "Custom e-learning, animation and micro-videos; builds from our storyboards.",
        "Nadia Brooks",
        950,
        "day",
        (-420, 310),
    ),
    VendorSpec(
        "fleetwise",
        "Fleetwise Media",
        "Video and audio production: podcasts, filmed scenarios, in-cab footage.",
        "Owen Price",
        1200,
        "finished minute",
        (-700, 395),
    ),
    VendorSpec(
        "lernwerk",
        "Lernwerk LMS",
        "The learning platform (LMS) under subscription, with support and hosting.",
        "Katrin Vogel",
        28800,
        "year",
        (-1037, 58),
        "Renewal is part of the platform initiative: decide before the renewal date.",
    ),
    VendorSpec(
        "linguabridge",
        "LinguaBridge Translations",
        "Translation and subtitles (Polish, Romanian, Portuguese) for e-learning and video.",
        "Ana Ferreira",
        14,
        "100 words",
        (-300, 430),
    ),
    VendorSpec(
        "okafor",
        "Hannah Okafor (freelance facilitator)",
        "Classroom and virtual facilitation, role plays and pilots; certified coach.",
        "Hannah Okafor",
        650,
        "day",
        (-200, 165),
    ),
    VendorSpec(
        "meridian",
        "Meridian Sales Partners",
        "Sales training: consultative-selling e-learning, role-play workshops, coaching guides.",
        "Colin Hart",
        1400,
        "day",
        (-330, 400),
        "Sales Academy vendor. Delivered the first modules ten weeks late.",
    ),
)

# --------------------------------------------------------------------------- projects


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    """A project, laid out so that next Monday falls on working day ``day`` of its plan.

    ``late`` names tasks still under way past their baseline, with the plan's working
    day they now finish on (None: nobody knows). ``stopped`` is the working day its
    progress stopped on (a project on hold).
    """

    key: str
    title: str
    description: str
    template: str
    program: str
    sponsor: str  # a KeyPeople attribute
    status: str
    day: int
    lead: str  # the member who owns its consulting and design tasks
    budget: int
    deadline: int | None = None  # working day of the plan
    owners: tuple[tuple[str, str], ...] = ()  # task code -> member key
    vendors: tuple[tuple[str, str], ...] = ()  # task code -> vendor key
    late: tuple[tuple[str, int | None], ...] = ()
    stopped: int | None = None
    initiative: str = ""
    manager: str = "manager"


SLIPPING, OVERDUE_REVIEW, LATE_VENDOR = "new_manager_m3", "privacy_2027", "sales_negotiation"
OVERLOADED = "aisha"

PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        "podcasts",
        "Safe Driver: podcast refreshers, season 2",
        "Eight ten-minute episodes for the cab: fatigue, loading bays, reversing, winter.",
        "addie",
        "safe_driver",
        "operations_director",
        P.DONE,
        107,
        "ben",
        42_000,
        deadline=110,
        vendors=(("build", "fleetwise"),),
    ),
    ProjectSpec(
        "scanning_videos",
        "Warehouse Quality: scanning micro-videos",
        "Five-minute videos and a scenario check on the scanning procedure, subtitled.",
        "sam",
        "warehouse_quality",
        "warehousing_director",
        P.DONE,
        135,
        "mei",
        36_000,
        deadline=140,
        vendors=(("design-proof", "brightlane"), ("alpha", "brightlane")),
    ),
    ProjectSpec(
        "service_wave_b",
        "Service Excellence: virtual workshop for wave B",
        "The recovery workshop rebuilt for the virtual classroom, piloted and run for wave B.",
        "addie",
        "service",
        "customer_service_director",
        P.ACTIVE,
        47,
        "ben",
        18_000,
        deadline=55,
        vendors=(("pilot", "okafor"),),
    ),
    ProjectSpec(
        SLIPPING,
        "New Manager path: module 3, the difficult conversation",
        "Scenario-based module on feedback and conflict for first-time leads, with a coaching "
        "guide for their managers.",
        "addie",
        "new_manager",
        "chro",
        P.ACTIVE,
        27,
        OVERLOADED,
        55_000,
        deadline=52,
        # The HR business partners (the SMEs) were away; the storyboards are a week late.
        late=(("storyboard", 29),),
        initiative="new_manager",
    ),
    ProjectSpec(
        OVERDUE_REVIEW,
        "Data privacy e-learning: 2027 refresh",
        "The annual privacy module refreshed after this year's audit findings: new cases on "
        "customer data in the CRM and on HR records.",
        "addie",
        "compliance",
        "cfo",
        P.ACTIVE,
        34,
        "ben",
        24_000,
        deadline=50,
        owners=(("accessibility", "lms"), ("launch", "lms")),
        # Legal has had the scripts since before it was due, with no date for an answer.
        late=(("legal", None),),
        manager="head",
    ),
    ProjectSpec(
        LATE_VENDOR,
        "Sales Academy: negotiation e-learning modules",
        "Three vendor-built modules on negotiating rates and renewals, tailored to freight, "
        "with a role-play pilot.",
        "sam",
        "sales_academy",
        "sales_director",
        P.ACTIVE,
        25,
        "mei",
        68_000,
        deadline=34,
        vendors=(("design-proof", "meridian"), ("alpha", "meridian"), ("beta", "meridian")),
        late=(("design-proof", 26),),
    ),
    ProjectSpec(
        "team_lead_coaching",
        "Coaching skills for customer-service team leads",
        "Team leads learn to coach agents from call recordings: prototypes tried with two "
        "teams, then a blended path.",
        "sam",
        "team_lead_coaching",
        "customer_service_director",
        P.ACTIVE,
        11,
        "mei",
        30_000,
        deadline=40,
        owners=(("prototype-2", OVERLOADED), ("gold", "lms")),
        vendors=(("design-proof", "brightlane"), ("alpha", "brightlane")),
    ),
    ProjectSpec(
        "night_driving",
        "Safe Driver: night driving and fatigue module",
        "Incidents after 22:00 are up: a classroom module and in-cab coaching prompts on "
        "fatigue, for the night-trunking depots first.",
        "addie",
        "safe_driver",
        "operations_director",
        P.ACTIVE,
        6,
        OVERLOADED,
        48_000,
        deadline=60,
        vendors=(("build", "fleetwise"),),
        initiative="safe_driver_rollout",
    ),
    ProjectSpec(
        "scanner_site",
        "Warehouse Quality: launch pack for the scanner site",
        "The micro-learning brought to the warehouse that waited for its new scanners: "
        "shift-lead briefings, a pilot on one shift, then every shift.",
        "addie",
        "warehouse_quality",
        "warehousing_director",
        P.PLANNED,
        -5,
        "mei",
        12_000,
        deadline=50,
        owners=(("kickoff", "coordinator"),),
        vendors=(("build", "brightlane"),),
    ),
    ProjectSpec(
        "sales_onboarding",
        "Sales onboarding: the first 30 days for account executives",
        "A month-one path for new account executives: products, lanes, the CRM, a first "
        "account review with the manager.",
        "sam",
        "",
        "sales_director",
        P.ON_HOLD,
        40,
        "ben",
        26_000,
        stopped=9,
    ),
)


@dataclass(frozen=True, slots=True)
class ChangeSpec:
    project: str
    kind: str
    before: str
    after: str
    reason: str
    actor: str  # username
    ago: int  # working days before the anchor


CHANGES: tuple[ChangeSpec, ...] = (
    ChangeSpec(
        LATE_VENDOR,
        ChangeKind.SCOPE,
        "Three modules: discovery, pricing, renewals.",
        "Three modules: discovery, negotiating rate increases, renewals.",
        "The Sales Director swapped the pricing module for one on negotiating rate increases "
        "after the fuel surcharge talks went badly; same size, same vendor days.",
        "staff",
        20,
    ),
    ChangeSpec(
        LATE_VENDOR,
        ChangeKind.DEADLINE,
        "{deadline_before}",
        "{deadline}",
        "The sales kick-off moved forward two weeks; the Sales Director wants the modules "
        "live for it. We said the vendor's design proof is the risk.",
        "staff",
        9,
    ),
    ChangeSpec(
        "team_lead_coaching",
        ChangeKind.SPONSOR,
        "{customer_service_director}",
        "{contact_centre_manager}",
        "The Customer Service Director handed sponsorship to the contact centre manager, who "
        "runs the team leads day to day; she stays on the steering group.",
        "staff",
        6,
    ),
    ChangeSpec(
        "sales_onboarding",
        ChangeKind.STATUS,
        "Active",
        "On hold",
        "Paused by the Sales Director until the commission plan is decided: month one should "
        "teach the new plan, not the old one.",
        "leader",
        31,
    ),
    ChangeSpec(
        OVERDUE_REVIEW,
        ChangeKind.SCOPE,
        "Refresh the cases; same five lessons.",
        "Refresh the cases and add a lesson on HR records.",
        "Two of this year's audit findings were about HR records; the CFO asked for a lesson "
        "on them. The lesson replaces a quiz, so the plan stays the same length.",
        "leader",
        26,
    ),
)

# --------------------------------------------------------------------------- requests

OPS, WH, SALES, CS, HR = "OPS", "WH", "SALES", "CS", "HR"
SPONSOR_OF = {
    OPS: "operations_director",
    WH: "warehousing_director",
    SALES: "sales_director",
    CS: "customer_service_director",
    HR: "chro",
}
# Directors other than Operations have no login: the learning team enters their requests.
REQUESTER_OF = {OPS: "stakeholder", WH: "staff", SALES: "leader", CS: "staff", HR: "leader"}
KPI_OF = {
    OPS: "safety-incidents",
    WH: "picking-errors",
    SALES: "revenue-per-rep",
    CS: "complaints",
    HR: "voluntary-turnover",
}


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """A request and where intake took it.

    ``outcome`` is a status, or ``project``/``program``/``need`` (accepted into that).
    ``ago`` is days before today, or for a project days before the project's start.
    ``ratings``: impact, alignment, urgency, reach, risk, effort (None: not rated); the
    impact is recomputed from the KPI gap when there is one.
    """

    key: str
    unit: str
    ago: int
    title: str
    problem: str
    audience: str
    size: int
    outcome: str = RequestStatus.SUBMITTED
    target: str = ""  # project key, program key, need title, request key (merged)
    diagnosis: str = ""
    notes: str = ""
    reason: str = ""
    ratings: tuple[int | None, ...] = ()
    gap: str = ""
    kpi: str | None = ""  # "" = the department's KPI; None = none
    deadline: int | None = None  # days after submission
    defer: int = 0  # days from today
    sponsor: str = ""  # a KeyPeople attribute; "" = the department's director


R = RequestStatus
REQUESTS: tuple[RequestSpec, ...] = (
    # --- Operations: raised by the Operations Director himself
    RequestSpec(
        "night_driving",
        OPS,
        18,
        "Incidents after 22:00 on the night trunks",
        "Night-trunk incidents have doubled since we added the late Manchester run. Drivers "
        "say they push on when tired to make the slot.",
        "Night-trunking drivers, then all drivers",
        180,
        "project",
        "night_driving",
        D.SKILL,
        "Drivers know the fatigue rules; they do not recognise the signs early or plan "
        "breaks around slots. Rota changes are with the depot managers too.",
        "Accepted: this becomes a Safe Driver module on night driving and fatigue.",
        (None, 5, 4, 3, 5, 3),
        "4",
        deadline=120,
    ),
    RequestSpec(
        "podcasts",
        OPS,
        30,
        "More Safe Driver refreshers drivers can listen to",
        "Drivers like the podcast episodes and ask for more. Depot leads want topics they "
        "can point to after an incident review.",
        "All drivers",
        1000,
        "project",
        "podcasts",
        D.SKILL,
        "Spacing practice after the classroom day works; the incident reviews give us the topics.",
        "Accepted: a second season of podcast refreshers, built with Fleetwise Media.",
        (None, 5, 3, 5, 4, 2),
        "3",
        deadline=160,
    ),
    RequestSpec(
        "agency_drivers",
        OPS,
        300,
        "Load securing for agency drivers",
        "Agency drivers cover peak and holidays; two of last winter's load shifts were "
        "theirs. They never see our training.",
        "Agency drivers (about 60 a year)",
        60,
        "program",
        "safe_driver",
        D.SKILL,
        "Same gap as our own drivers; the Safe Driver path covers it.",
        "Accepted into the Safe Driver path: agency drivers on contracts over four weeks are "
        "enrolled by the depot lead from next month.",
        (None, 5, 3, 2, 5, 1),
        "2",
    ),
    RequestSpec(
        "tachograph",
        OPS,
        37,
        "Tachograph rules refresher for depot leads",
        "The rules changed this year and depot leads give drivers different answers. "
        "We had two infringement notices last quarter.",
        "Depot leads",
        40,
        deadline=75,
    ),
    RequestSpec(
        "eco_driving",
        OPS,
        250,
        "Eco-driving to cut fuel use",
        "Fuel is our second-biggest cost. Telematics shows harsh braking and idling vary "
        "threefold between depots.",
        "All drivers",
        1000,
        R.DEFERRED,
        diagnosis=D.SKILL,
        notes="A real skill gap, but fuel is not among this year's goals and the telematics "
        "data is not yet reliable by driver.",
        reason="Deferred: fuel is not in this year's business goals, and we need the telematics "
        "data by driver to measure it. We will bring it to the next half-year prioritisation "
        "board.",
        ratings=(2, 1, 1, 5, 1, 3),
        kpi=None,
        defer=120,
    ),
    RequestSpec(
        "route_screens",
        OPS,
        330,
        "Training on the new route-planning screens",
        "Planners keep sending drivers to closed loading bays since the route-planning upgrade.",
        "Transport planners",
        25,
        R.DECLINED,
        diagnosis=D.PROCESS,
        notes="Planners know the screens. The closed-bay list is kept in a spreadsheet nobody "
        "updates on nights.",
        reason="Not a learning problem: the planners know the screens, but the closed-bay list "
        "is a spreadsheet nobody updates on nights. The depot managers agreed a handover "
        "check, and IT will load the list into the planner. Come back to us if it persists.",
        ratings=(1, 1, 3, 1, 2, 2),
        kpi=None,
    ),
    RequestSpec(
        "cab_coaching_help",
        OPS,
        16,
        "Depot leads want help coaching drivers in the cab",
        "New coaches say they do not know what to say on a ride-along when a driver does "
        "something unsafe.",
        "Certified and trainee in-cab coaches",
        45,
        R.MERGED,
        "cab_coaching_guide",
        D.SKILL,
        reason="Merged with the request for an in-cab coaching guide: it is the same need, "
        "and we will answer both together.",
        ratings=(2, 5, 4, 2, 4, 2),
    ),
    RequestSpec(
        "cab_coaching_guide",
        OPS,
        24,
        "In-cab coaching guide for newly certified coaches",
        "Coach certification cohort 2 is behind; new coaches need a short guide and practice "
        "before their first rides.",
        "In-cab coaches",
        45,
        R.IN_TRIAGE,
        diagnosis=D.SKILL,
        notes="Talked to three coaches: they want phrases for the first minute and a checklist.",
        ratings=(None, 5, 4, 2, 4, None),
        gap="2",
        deadline=60,
    ),
    RequestSpec(
        "briefings",
        OPS,
        3,
        "Shift-start safety briefings for depot leads",
        "When the weather or the roads change, each depot lead briefs drivers differently. "
        "They want ten-minute briefings they can give at the start of a shift.",
        "All drivers",
        1000,
        deadline=20,
    ),
    # --- Warehousing: entered by the learning manager for the Warehousing Director
    RequestSpec(
        "scanners",
        WH,
        205,
        "Picking accuracy training at {scanner_site}",
        "{scanner_site}'s picking error rate is twice the other warehouses'. The site manager "
        "asks for a refresher on the scanning procedure for every picker.",
        "Pickers at {scanner_site}",
        70,
        R.DECLINED,
        diagnosis=D.TOOLS,
        notes="Watched two shifts: pickers scan correctly when the scanner reads; half the "
        "handhelds fail on the new labels and pickers key codes by hand.",
        reason="Not a learning problem: tools. Half the handheld scanners at {scanner_site} "
        "cannot read the new labels, so pickers key item codes by hand. IT and facilities are "
        "replacing the scanners; training would not change the error rate. We will bring "
        "Warehouse Quality to the site as soon as the new scanners are in.",
        ratings=(3, 4, 4, 2, 2, 3),
        gap="4",
    ),
    RequestSpec(
        "scanning_videos",
        WH,
        45,
        "Picking errors: a quick refresher on the scanning procedure",
        "Rework is up across the warehouses. Pickers skip the second scan in the rush.",
        "Pickers in every warehouse",
        420,
        "project",
        "scanning_videos",
        D.KNOWLEDGE,
        "New pickers never learnt why the second scan matters; the procedure card is out of date.",
        "Accepted: five-minute micro-videos and shelf-edge cards, tried on the floor first.",
        (None, 5, 4, 4, 2, 2),
        "5",
        deadline=150,
    ),
    RequestSpec(
        "scanner_site",
        WH,
        20,
        "Bring Warehouse Quality to {scanner_site} now the scanners work",
        "The new scanners are in use on every shift. The site manager wants the micro-learning "
        "the other warehouses had.",
        "Pickers and shift leads at {scanner_site}",
        75,
        "project",
        "scanner_site",
        D.KNOWLEDGE,
        "With working scanners it is the same gap as elsewhere.",
        "Accepted: a launch pack for the site, starting with the shift leads' briefing.",
        (None, 5, 3, 2, 2, 1),
        "2",
        deadline=90,
    ),
    RequestSpec(
        "peak_starters",
        WH,
        120,
        "New starters in peak season need the scanning procedure on day one",
        "We take on 80 seasonal pickers before peak; they start picking before anyone shows "
        "them the procedure.",
        "Seasonal pickers",
        80,
        "program",
        "warehouse_quality",
        D.KNOWLEDGE,
        "The micro-videos exist; seasonal starters are simply not enrolled.",
        "Accepted into Warehouse Quality: seasonal starters are enrolled by the agency "
        "on-boarding list and watch the first two videos on day one.",
        (None, 5, 5, 3, 2, 1),
        "2",
    ),
    RequestSpec(
        "forklift",
        WH,
        160,
        "Forklift refresher e-learning",
        "Licences are renewed every three years; the refresher in between is a toolbox talk "
        "nobody records.",
        "Forklift drivers",
        140,
        R.DEFERRED,
        diagnosis=D.KNOWLEDGE,
        notes="The racking layout changes in the new year; the aisle rules change with it.",
        reason="Deferred until the new racking layout is final: the refresher would teach "
        "aisle rules that change in the new year. We have it on the list for then.",
        ratings=(1, 2, 2, 3, 4, 2),
        kpi=None,
        defer=75,
    ),
    RequestSpec(
        "handover",
        WH,
        12,
        "Shift handovers lose information",
        "Orders are picked twice or not at all around the 14:00 handover. Shift leads blame "
        "each other.",
        "Shift leads",
        36,
        R.IN_TRIAGE,
        notes="First call done: it may be the handover sheet rather than skills. Visiting the "
        "14:00 handover next week.",
        ratings=(None, 3, 3, 2, 1, 2),
        gap="1.5",
    ),
    RequestSpec(
        "manual_handling",
        WH,
        6,
        "Manual handling for seasonal staff",
        "Two back injuries among seasonal staff this month. The agency's induction covers "
        "lifting in one slide.",
        "Seasonal warehouse staff",
        120,
        kpi=None,
        deadline=30,
    ),
    RequestSpec(
        "absence",
        WH,
        280,
        "Shift leads struggle with absence conversations",
        "Return-to-work talks are skipped or go badly; short-term absence is 5 % on nights.",
        "Shift leads",
        36,
        "need",
        st.MANAGERS,
        D.SKILL,
        "Part of a wider gap: new leads were never prepared for the people side.",
        "Taken into the strategy's need for first-time manager skills: the New Manager path "
        "will cover return-to-work conversations.",
        (None, 5, 2, 2, 2, 3),
        "10",
        kpi="voluntary-turnover",
    ),
    # --- Sales: entered by the head of learning for the Sales Director
    RequestSpec(
        "negotiation",
        SALES,
        40,
        "Negotiating rate increases with existing customers",
        "The fuel surcharge talks went badly: reps conceded the increase to keep the account. "
        "Margin on renewals is down two points.",
        "Account executives",
        48,
        "project",
        LATE_VENDOR,
        D.SKILL,
        "Reps know the numbers but fold under pressure; practice with realistic pushback is "
        "missing.",
        "Accepted: vendor-built negotiation modules in the Sales Academy, with a role-play pilot.",
        (None, 5, 4, 2, 2, 4),
        "600000",
        deadline=90,
    ),
    RequestSpec(
        "role_play_kit",
        SALES,
        200,
        "Role-play kit for the regional sales workshops",
        "Sales managers run role plays differently in every region; some skip them.",
        "Sales managers",
        12,
        "program",
        "sales_academy",
        D.SKILL,
        "Managers need a kit and a short briefing, not a course.",
        "Accepted into the Sales Academy: a role-play kit and a one-hour briefing for sales "
        "managers, built by Meridian as part of the current contract.",
        (None, 5, 3, 1, 1, 2),
        "250000",
    ),
    RequestSpec(
        "multi_lane",
        SALES,
        270,
        "Motivate reps to sell multi-lane contracts",
        "Reps keep quoting single lanes. The Sales Director wants a motivational session at "
        "the kick-off.",
        "Account executives",
        48,
        R.DECLINED,
        diagnosis=D.INCENTIVES,
        notes="Commission is paid per lane; a multi-lane deal takes longer and pays the same. "
        "Reps are doing what the plan rewards.",
        reason="Not a learning problem: incentives. The commission plan pays per lane, so a "
        "multi-lane deal takes longer for the same pay. A session would not change that. We "
        "have raised it with Finance and HR: aligning the commission plan is now in the "
        "implementation plan.",
        ratings=(3, 3, 2, 2, 1, 2),
        gap="400000",
    ),
    RequestSpec(
        "sales_onboarding",
        SALES,
        25,
        "New account executives take six months to sell",
        "New reps shadow for weeks with no plan; it is six months before their first contract.",
        "New account executives (about 15 a year)",
        15,
        "project",
        "sales_onboarding",
        D.KNOWLEDGE,
        "They lack product and lane knowledge and the CRM routine in the first month.",
        "Accepted: a first-30-days path for new account executives.",
        (None, 3, 3, 1, 1, 3),
        "150000",
        deadline=120,
    ),
    RequestSpec(
        "crm",
        SALES,
        100,
        "CRM data-entry training",
        "Pipeline reports are unreliable: half the opportunities have no close date.",
        "Account executives and sales managers",
        60,
        R.DEFERRED,
        diagnosis=D.KNOWLEDGE,
        notes="The CRM upgrade next quarter changes the opportunity screens.",
        reason="Deferred until the CRM upgrade next quarter: training on the current screens "
        "would be out of date within weeks. We will build a short guide on the new screens "
        "with IT.",
        ratings=(1, 2, 1, 3, 1, 2),
        kpi=None,
        defer=110,
    ),
    RequestSpec(
        "pricing_tool",
        SALES,
        4,
        "Pricing tool refresher",
        "Quotes go out with the wrong fuel band since the pricing tool update.",
        "Account executives",
        48,
        kpi=None,
        deadline=45,
    ),
    RequestSpec(
        "discovery",
        SALES,
        340,
        "Reps pitch before they understand the customer",
        "Win/loss interviews say we quote lanes instead of asking about the customer's supply "
        "chain.",
        "Account executives",
        48,
        "need",
        st.SELLING,
        D.SKILL,
        "The core consultative-selling gap.",
        "Taken into the strategy as the need for consultative selling; the Sales Academy is "
        "being designed to meet it.",
        (None, 4, 3, 2, 1, 4),
        "900000",
    ),
    # --- Customer Service: entered by the learning manager for the Customer Service Director
    RequestSpec(
        "service_wave_b",
        CS,
        20,
        "Service Excellence for the wave B teams, virtually",
        "Wave B teams work across two sites; the classroom workshop means travel and cover.",
        "Agents in the wave B teams",
        140,
        "project",
        "service_wave_b",
        D.SKILL,
        "Same path as wave A; only the workshop needs rebuilding for the virtual classroom.",
        "Accepted: the workshop rebuilt for the virtual classroom, with a pilot first.",
        (None, 5, 4, 3, 1, 2),
        "20",
        deadline=120,
    ),
    RequestSpec(
        "team_lead_coaching",
        CS,
        21,
        "Team leads do not coach from call recordings",
        "Team leads listen to calls but only score them; agents get a number, not help.",
        "Customer-service team leads",
        20,
        "project",
        "team_lead_coaching",
        D.SKILL,
        "Leads have never been shown how to coach; they copy the quality form.",
        "Accepted: a coaching-skills path for team leads, designed by trying it with two "
        "teams first.",
        (None, 5, 3, 1, 1, 3),
        "15",
        deadline=110,
    ),
    RequestSpec(
        "business_accounts",
        CS,
        150,
        "Complaint handling for the business-accounts team",
        "Business customers complain about being passed around; the team handles complaints "
        "by email only.",
        "Business-accounts agents",
        30,
        "program",
        "service",
        D.SKILL,
        "The Service Excellence path fits; the team was left out of the waves.",
        "Accepted into the Service Excellence path: the business-accounts team joins wave B.",
        (None, 5, 3, 1, 1, 1),
        "8",
    ),
    RequestSpec(
        "delivery_slots",
        CS,
        230,
        "Agents keep transferring calls about delivery slots",
        "A third of transfers are about delivery slots. Agents say they cannot answer.",
        "Customer service agents",
        160,
        R.DECLINED,
        diagnosis=D.PROCESS,
        notes="Slot rules differ by depot and agents cannot see them anywhere.",
        reason="Not a learning problem: the process. Slot rules differ by depot and agents "
        "have no way to see them. Operations will publish one slot table in the contact "
        "centre platform; we will add a two-minute how-to when it exists.",
        ratings=(2, 2, 3, 4, 1, 2),
        kpi="first-contact-resolution",
    ),
    RequestSpec(
        "email_tone",
        CS,
        19,
        "Tone of written replies to complaints",
        "Customers escalate after our email replies: too formal, too many templates.",
        "Agents who answer written complaints",
        40,
        R.IN_TRIAGE,
        diagnosis=D.SKILL,
        notes="Sampled twenty replies with the team lead: the templates are the problem as "
        "much as the writing.",
        ratings=(None, 4, 3, 2, 1, 2),
        gap="10",
    ),
    RequestSpec(
        "peak_agents",
        CS,
        2,
        "Peak season readiness for temporary agents",
        "We add 25 temporary agents for the peak season; last year they took three "
        "weeks to get up to speed.",
        "Temporary agents",
        25,
        deadline=14,
    ),
    RequestSpec(
        "polish",
        CS,
        90,
        "Service in Polish for our Polish-speaking customers",
        "A growing share of small customers would rather speak Polish; we have four agents "
        "who can.",
        "Polish-speaking agents",
        4,
        R.DEFERRED,
        diagnosis=D.SKILL,
        notes="Tiny audience; needs a language provider and budget.",
        reason="Deferred to next year's budget: it needs a language provider we have not "
        "contracted. We have asked LinguaBridge for a quote meanwhile.",
        ratings=(1, 1, 1, 0, 0, 3),
        kpi=None,
        defer=40,
    ),
    RequestSpec(
        "first_contact",
        CS,
        310,
        "Agents close calls before the problem is fixed",
        "Repeat contacts about the same shipment are a third of complaints.",
        "Customer service agents",
        160,
        "need",
        st.SERVICE,
        D.SKILL,
        "Agents apologise but do not own the fix: service recovery.",
        "Taken into the strategy as the need for service recovery; the Service Excellence "
        "path is built for it.",
        (None, 5, 4, 4, 1, 3),
        "30",
    ),
    RequestSpec(
        "aggressive_callers",
        CS,
        9,
        "Handling aggressive callers",
        "Two agents left in the last two months after abusive calls; others ask for help.",
        "Customer service agents",
        160,
        R.IN_TRIAGE,
        notes="Talking to HR first: part of this is a policy on ending abusive calls.",
        ratings=(None, 2, 4, 4, 3, 2),
        kpi="voluntary-turnover",
        gap="6",
    ),
    # --- HR: entered by the head of learning for the HR director
    RequestSpec(
        "difficult_conversation",
        HR,
        25,
        "New leads avoid difficult conversations",
        "Exit interviews name 'my supervisor' first; new leads avoid feedback until it "
        "becomes a disciplinary.",
        "First-time leads in depots, warehouses and the contact centre",
        120,
        "project",
        SLIPPING,
        D.SKILL,
        "Leads know they should give feedback; they have never practised it.",
        "Accepted: module 3 of the New Manager path, on the difficult conversation.",
        (None, 5, 4, 3, 2, 3),
        "30",
        deadline=110,
    ),
    RequestSpec(
        "privacy_refresh",
        HR,
        30,
        "Data privacy refresh after the audit findings",
        "The internal audit found personal data in CRM notes and HR records shared by email.",
        "Everyone with a login",
        2000,
        "project",
        OVERDUE_REVIEW,
        D.KNOWLEDGE,
        "People do not know the rules for notes and attachments; the module predates them.",
        "Accepted: this year's privacy module is refreshed with cases from the audit.",
        (None, 5, 4, 5, 5, 2),
        "6",
        kpi="privacy-audit-findings",
        deadline=100,
        sponsor="cfo",
    ),
    RequestSpec(
        "exit_interviews",
        HR,
        180,
        "Exit interview skills for HR advisors",
        "Advisors run exit interviews differently, so the reasons we record are not comparable.",
        "HR advisors",
        6,
        R.DECLINED,
        diagnosis=D.SKILL,
        notes="Six people; a public one-day course covers exactly this.",
        reason="Declined for the factory: six advisors are better served by a public one-day "
        "course on exit interviews, which HR can book from its own budget. We sent the "
        "names of two good ones.",
        ratings=(1, 2, 2, 0, 1, 1),
        kpi=None,
    ),
    RequestSpec(
        "cs_team_leads",
        HR,
        260,
        "Newly promoted customer-service team leads",
        "Six agents were promoted to team lead this year with no preparation.",
        "New customer-service team leads",
        6,
        "program",
        "new_manager",
        D.SKILL,
        "The New Manager path fits; its cohorts were depot and warehouse only.",
        "Accepted into the New Manager path: the customer-service team leads join cohort 3.",
        (None, 5, 3, 1, 1, 1),
        "6",
    ),
    RequestSpec(
        "reviews",
        HR,
        70,
        "Performance review training for all managers",
        "The new review process starts next year; managers have never had training on reviews.",
        "All people managers",
        220,
        R.DEFERRED,
        diagnosis=D.KNOWLEDGE,
        notes="The process is not signed off; the forms may change.",
        reason="Deferred until the new review process is signed off: we would be teaching "
        "forms that may still change. We will plan it with HR the week it is approved.",
        ratings=(2, 3, 2, 4, 1, 3),
        kpi=None,
        defer=50,
    ),
    RequestSpec(
        "wellbeing",
        HR,
        14,
        "Wellbeing conversations for managers",
        "Stress-related absence is up on the night shifts; managers do not know how to ask.",
        "Night-shift managers",
        60,
        R.IN_TRIAGE,
        diagnosis=D.MOTIVATION,
        notes="Managers say it is not their job; the HR policy says it is.",
        ratings=(None, 3, 3, 2, 3, 2),
        gap="8",
    ),
    RequestSpec(
        "office_onboarding",
        HR,
        5,
        "First week for head-office starters",
        "Office starters get a laptop and a desk and little else; two left in their first "
        "month this year.",
        "Head-office starters",
        40,
        deadline=60,
    ),
)

# Who moved a rating, and why: (request key, criterion, rating before, reason, username).
PRIORITY_CHANGES: tuple[tuple[str, str, int, str, str], ...] = (
    (
        "cab_coaching_guide",
        "urgency",
        2,
        "Coach certification cohort 2 is overdue in the implementation plan; the new coaches "
        "need the guide before their first rides.",
        "staff",
    ),
    (
        "email_tone",
        "alignment",
        2,
        "The Customer Service Director showed that written complaints are half of the "
        "escalations: it serves the service-recovery need directly.",
        "staff",
    ),
    (
        "crm",
        "urgency",
        3,
        "The CRM upgrade moved to next quarter, so nothing is urgent before then.",
        "leader",
    ),
)
WEIGHTS_CHANGED = {
    "impact": 30,
    "alignment": 20,
    "urgency": 10,
    "reach": 10,
    "risk": 20,
    "effort": 10,
}


# ----------------------------------------------------------------------------- seeding


def seed(ctx: SeedContext) -> None:
    """Write the team, vendors, requests and projects, and record what the board shows."""
    rng = ctx.rng_for("factory_work")
    now = ctx.calendar_today or ctx.today
    ensure_defaults()
    logins = ["leader", "staff", "stakeholder"]
    users = {u.username: u for u in User.objects.filter(username__in=logins)}
    people = _people(ctx)
    members = _team(people, now, rng)
    vendors = _vendors(now)
    day = _Days(now)
    projects = _projects(ctx, day, people=people, members=members, vendors=vendors, users=users)
    _changes(projects, day, people, users)
    _ratings(projects, vendors, users, day)
    requests = _requests(ctx, now, projects=projects, people=people, users=users, rng=rng)
    _weights(now, users, requests)
    for project in projects.values():
        if project.initiative_id:  # progress moved the milestones' dates since the start
            project_actions.sync_milestones(project, actor=users.get("staff"))
    names = {m: f"{p.first_name} {p.last_name}" for m, p in _member_people(members).items()}
    ctx.registry["factory_work"] = {
        "over_allocated": names[OVERLOADED],
        "over_allocated_member": members[OVERLOADED].pk,
        "slipping_project": projects[SLIPPING].title,
        "overdue_review": {"project": projects[OVERDUE_REVIEW].title, "task": "Legal review"},
        "late_vendor": {
            "vendor": vendors["meridian"].name,
            "project": projects[LATE_VENDOR].title,
            "task": "Design proof",
        },
        "oldest_waiting": requests["tachograph"].title,
        "project_ids": {k: p.pk for k, p in projects.items()},
        "request_ids": {k: r.pk for k, r in requests.items()},
        "member_ids": {k: m.pk for k, m in members.items()},
        "vendor_ids": {k: v.pk for k, v in vendors.items()},
    }
    ctx.counts.update(
        team_members=len(members),
        vendors=len(vendors),
        requests=len(requests),
        projects=len(projects),
        tasks=Task.objects.filter(project__in=projects.values()).count(),
    )


# ----------------------------------------------------------------------------- days


class _Days:
    """Working days around the anchor: the Monday of the week after the demo's today."""

    def __init__(self, now: date) -> None:
        self.now = now
        # A weekend counts as the Monday after, as the schedule does.
        weekend = now.weekday() >= SATURDAY
        work_now = now + timedelta(days=7 - now.weekday()) if weekend else now
        self.work_now = work_now
        self.anchor = work_now - timedelta(days=work_now.weekday()) + timedelta(weeks=1)

    def start_for(self, day: int) -> date:
        """The start of a project on working day ``day`` of its plan next Monday."""
        return _shift(self.anchor, -day)

    def at(self, when: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(when, time(hour, minute), tzinfo=UTC)


def _shift(day: date, n: int) -> date:
    """The working day ``n`` working days after (before, if negative) ``day``."""
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        day += timedelta(days=step)
        if day.weekday() < SATURDAY:
            left -= 1
    return day


# ----------------------------------------------------------------------------- people


def _people(ctx: SeedContext) -> dict[str, Person]:
    """The people the story names, by KeyPeople attribute or member key."""
    key = ctx.registry["org"].key_people
    team: dict[str, list[str]] = ctx.registry["learning_team"]
    designers = team.get(bp.INSTRUCTIONAL_DESIGNER, [])
    wanted = {
        "head": key.head_of_learning,
        "manager": key.learning_manager,
        "facilitator": key.facilitator,
        "lms": key.lms_administrator,
        "coordinator": key.learning_coordinator,
        **dict(zip(("aisha", "ben", "mei"), designers, strict=False)),
        **{attr: getattr(key, attr) for attr in (*SPONSOR_OF.values(), "cfo")},
    }
    by_hris = {p.hris_id: p for p in Person.objects.filter(hris_id__in=wanted.values())}
    found = {k: by_hris[h] for k, h in wanted.items() if h in by_hris}
    # IT lends an analyst as the evaluation specialist, a day and a half a week.
    analyst = (
        Person.objects.filter(active=True, org_unit__code="IT", job_role__name="Data Analyst")
        .order_by("hris_id")
        .first()
        or Person.objects.filter(active=True, org_unit__code="IT")
        .exclude(job_role__name__startswith="Head")
        .order_by("hris_id")
        .first()
    )
    if analyst is not None:
        found[EVALUATOR] = analyst
    centre = (
        Person.objects.filter(active=True, job_role__name=bp.CONTACT_CENTRE_MANAGER)
        .order_by("hris_id")
        .first()
    )
    if centre is not None:
        found["contact_centre_manager"] = centre
    return found


def _team(people: dict[str, Person], now: date, rng: random.Random) -> dict[str, TeamMember]:
    specs = [s for s in MEMBERS if s.key in people]
    rows = [
        TeamMember(person=people[s.key], role=s.role, weekly_capacity=Decimal(s.capacity))
        for s in specs
    ]
    bulk_create_with_history(rows, TeamMember, default_change_reason=REASON)
    members = {
        m.person_id: m for m in TeamMember.objects.filter(person__in=[r.person for r in rows])
    }
    by_key = {s.key: members[people[s.key].pk] for s in specs}
    head, manager = by_key.get("head"), by_key.get("manager")
    for k, member in by_key.items():
        boss = None if k == "head" else head if k == "manager" else manager
        member.manager = boss
    TeamMember.objects.bulk_update(by_key.values(), ["manager"])

    competencies = {c.code: c for c in Competency.objects.all()}
    ratings = []
    for s in specs:
        for n, c in enumerate(COMPETENCIES):
            level, target = s.levels[n], s.targets[n]
            own = min(5, max(1, level + rng.choice((-1, 0, 0, 0, 1))))
            ratings.append(
                CompetencyRating(
                    member=by_key[s.key],
                    competency=competencies[c.code],
                    self_level=own,
                    manager_level=level,
                    target_level=max(target, level),
                )
            )
    bulk_create_with_history(ratings, CompetencyRating, default_change_reason=REASON)
    actions = [
        DevelopmentAction(
            member=by_key[d.member],
            competency=competencies[d.competency],
            action=d.action,
            due=now + timedelta(days=d.due),
            status=d.status,
            notes=d.notes,
        )
        for d in DEVELOPMENT
        if d.member in by_key
    ]
    bulk_create_with_history(actions, DevelopmentAction, default_change_reason=REASON)
    return by_key


def _member_people(members: dict[str, TeamMember]) -> dict[str, Person]:
    people = Person.objects.in_bulk([m.person_id for m in members.values()])
    return {k: people[m.person_id] for k, m in members.items()}


def _vendors(now: date) -> dict[str, Vendor]:
    rows = [
        Vendor(
            name=v.name,
            services=v.services,
            contact_name=v.contact,
            contact_email=f"{v.contact.split()[0].lower()}@{v.key}.example",
            contract_reference=f"NWF-PUR-{(now + timedelta(days=v.contract[0])).year}-{n + 11:03d}",
            contract_start=now + timedelta(days=v.contract[0]),
            contract_end=now + timedelta(days=v.contract[1]),
            rate=Decimal(v.rate),
            rate_unit=v.rate_unit,
            notes=v.notes,
        )
        for n, v in enumerate(VENDORS)
    ]
    bulk_create_with_history(rows, Vendor, default_change_reason=REASON)
    by_name = {v.name: v for v in Vendor.objects.filter(name__in=[v.name for v in VENDORS])}
    return {v.key: by_name[v.name] for v in VENDORS}


# ----------------------------------------------------------------------------- projects

# Who takes a standard task, by the skill it needs, unless the project says otherwise.
BY_SKILL = {"development": "ben", "facilitation": "facilitator", "evaluation": EVALUATOR}


def _projects(
    ctx: SeedContext,
    day: _Days,
    *,
    people: dict[str, Person],
    members: dict[str, TeamMember],
    vendors: dict[str, Vendor],
    users: dict[str, User],
) -> dict[str, Project]:
    templates = {t.code: t for t in ProcessTemplate.objects.filter(code__in=["addie", "sam"])}
    program_ids: dict[str, int] = ctx.registry.get("experience_program_ids", {})
    programs = Program.objects.in_bulk(program_ids.values())
    initiative_ids: dict[str, int] = ctx.registry.get("initiative_ids", {})
    initiatives = Initiative.objects.in_bulk(initiative_ids.values())
    created: dict[str, Project] = {}
    for spec in PROJECTS:
        start = day.start_for(spec.day)
        project = project_actions.start_project(
            actor=users.get("staff"),
            title=spec.title,
            description=spec.description,
            template=templates[spec.template],
            start=start,
            program=programs.get(program_ids.get(spec.program, 0)),
            sponsor=people.get(spec.sponsor),
            manager=members.get(spec.manager),
            deadline=None if spec.deadline is None else WorkCalendar(start).date_of(spec.deadline),
            budget=Decimal(spec.budget),
            initiative=initiatives.get(initiative_ids.get(spec.initiative, 0)),
        )
        if spec.key == "scanning_videos":
            _add_subtitles(project, vendors["linguabridge"])
        created[spec.key] = project
    for status in {s.status for s in PROJECTS} - {P.PLANNED}:
        keys = [created[s.key].pk for s in PROJECTS if s.status == status]
        Project.objects.filter(pk__in=keys).update(status=status)
    plans = {p.project.pk: p for p in planning.plans_of(created.values(), today=None)}
    changed: list[Task] = []
    for spec in PROJECTS:
        plan = plans[created[spec.key].pk]
        changed += _progress(spec, plan, day, members=members, vendors=vendors)
    _save_progress(changed)
    fresh = Project.objects.in_bulk([p.pk for p in created.values()])
    return {k: fresh[p.pk] for k, p in created.items()}


def _add_subtitles(project: Project, vendor: Vendor) -> None:
    """The one task a template does not have: subtitles between the alpha and the beta."""
    alpha = project.tasks.get(code="alpha")
    beta = project.tasks.get(code="beta")
    subtitles = Task.objects.create(
        project=project,
        code="subtitles",
        name="Subtitles in Polish and Romanian",
        phase=alpha.phase,
        vendor=vendor,
        duration_days=3,
        estimate_hours=Decimal(2),
        order=alpha.order,
    )
    Dependency.objects.create(task=subtitles, waits_for=alpha)
    Dependency.objects.create(task=beta, waits_for=subtitles)
    project_actions.baseline(project)


def _progress(
    spec: ProjectSpec,
    plan: planning.ProjectPlan,
    day: _Days,
    *,
    members: dict[str, TeamMember],
    vendors: dict[str, Vendor],
) -> list[Task]:
    """Owners and progress as of today: the baseline kept, except where ``spec`` says late."""
    calendar = plan.calendar
    seen = calendar.day_of(day.work_now) if spec.stopped is None else spec.stopped
    late = dict(spec.late)
    owners, by_vendor = dict(spec.owners), dict(spec.vendors)
    done: set[int] = set()
    out = []
    for item in sorted(plan.tasks, key=lambda i: (i.start, i.task.pk)):
        t = item.task
        if t.code in by_vendor:
            t.owner, t.vendor = None, vendors[by_vendor[t.code]]
        elif t.vendor_id is None:
            who = owners.get(t.code) or BY_SKILL.get(t.skill) or spec.lead
            t.owner = members.get(who) or members.get(spec.lead)
        first, last = calendar.day_of(item.start), calendar.day_of(item.finish)
        ready = all(d.waits_for_id in done for d in t.dependencies.all())
        t.status, t.remaining_days = TaskStatus.TODO, None
        t.actual_start = t.actual_finish = None
        if not ready or first > seen:
            pass
        elif t.code in late:
            until = late[t.code]
            t.status, t.actual_start = TaskStatus.DOING, item.start
            t.remaining_days = None if until is None else max(until - seen + 1, 1)
        elif last < seen:
            t.status, t.actual_start, t.actual_finish = TaskStatus.DONE, item.start, item.finish
            done.add(t.pk)
        elif spec.stopped is None:
            t.status, t.actual_start = TaskStatus.DOING, item.start
            t.remaining_days = last - seen + 1
        ticked = len(t.checklist) if t.status == TaskStatus.DONE else 1
        if t.status != TaskStatus.TODO:
            t.checklist = [dict(c, done=n < ticked) for n, c in enumerate(t.checklist)]
        out.append(t)
    return out


PROGRESS = (
    "owner",
    "vendor",
    "status",
    "actual_start",
    "actual_finish",
    "remaining_days",
    "checklist",
)


def _save_progress(tasks: list[Task]) -> None:
    """Write owners and progress with one ``executemany``.

    Plain SQL rather than ``bulk_update``: compiling its CASE expressions for a hundred
    tasks took a third of the seeder's time. Values go through each field's own
    preparation, so the rows are what the ORM would write.
    """
    fields = [f for f in Task._meta.concrete_fields if f.name in PROGRESS]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(f.column or f.attname)} = %s" for f in fields)
    sql = f"UPDATE {quote(Task._meta.db_table)} SET {columns} WHERE id = %s"  # noqa: S608  (our table)
    params = [
        [f.get_db_prep_save(getattr(t, f.attname), connection) for f in fields] + [t.pk]
        for t in tasks
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _changes(
    projects: dict[str, Project], day: _Days, people: dict[str, Person], users: dict[str, User]
) -> None:
    """The change log: a sponsor who changed his mind (scope, then the deadline), and more."""
    late = projects[LATE_VENDOR]
    words = {
        "deadline": f"{late.deadline:%d %b %Y}" if late.deadline else "",
        "deadline_before": f"{_shift(late.deadline, 10):%d %b %Y}" if late.deadline else "",
        **{k: f"{p.first_name} {p.last_name}" for k, p in people.items()},
    }
    rows = []
    for c in CHANGES:
        if c.kind == ChangeKind.SPONSOR:
            new = people.get("contact_centre_manager")
            if new is None:
                continue
            Project.objects.filter(pk=projects[c.project].pk).update(sponsor=new)
        rows.append(
            ProjectChange(
                project=projects[c.project],
                kind=c.kind,
                before=c.before.format(**words),
                after=c.after.format(**words),
                reason=c.reason,
                actor=users.get(c.actor),
                at=day.at(_shift(day.anchor, -c.ago), 10, 30),
            )
        )
    ProjectChange.objects.bulk_create(rows)


# How each vendor did: vendor and project keys, then quality, timeliness, value, comment.
VENDOR_RATINGS: tuple[tuple[str, str, int, int, int, str], ...] = (
    (
        "fleetwise",
        "podcasts",
        4,
        4,
        4,
        "Good audio and quick edits; re-recorded two episodes free after the SME review.",
    ),
    ("brightlane", "scanning_videos", 5, 3, 4, "Excellent videos; the alpha came a week late."),
    (
        "linguabridge",
        "scanning_videos",
        4,
        5,
        5,
        "Fast and accurate; pickers at two sites checked the Polish.",
    ),
    ("okafor", "service_wave_b", 5, 5, 4, "The pilot group asked to have her again."),
    (
        "meridian",
        LATE_VENDOR,
        3,
        2,
        3,
        "Good content once it arrives, but the design proof is late again and needs chasing "
        "every week.",
    ),
)


def _ratings(
    projects: dict[str, Project], vendors: dict[str, Vendor], users: dict[str, User], day: _Days
) -> None:
    rows = []
    for vendor, project, quality, timeliness, value, comment in VENDOR_RATINGS:
        p = projects[project]
        done = p.baseline_finish + timedelta(days=7) if p.baseline_finish else day.now
        rows.append(
            VendorRating(
                vendor=vendors[vendor],
                project=p,
                quality=quality,
                timeliness=timeliness,
                value=value,
                comment=comment,
                rated_by=users.get("staff"),
                rated_on=min(done, day.now - timedelta(days=3)),
            )
        )
    VendorRating.objects.bulk_create(rows)


# ----------------------------------------------------------------------------- requests

ACCEPTED_AS = {
    "project": Acceptance.PROJECT,
    "program": Acceptance.PROGRAM,
    "need": Acceptance.NEED,
}
RECEIVED = "Request received. The learning team looks at new requests every week."
TRIAGE = (
    "Triage started: we are looking into what is going wrong, for whom, and whether "
    "learning can fix it, and will talk it through with the sponsor before we decide."
)


def _requests(
    ctx: SeedContext,
    now: date,
    *,
    projects: dict[str, Project],
    people: dict[str, Person],
    users: dict[str, User],
    rng: random.Random,
) -> dict[str, Request]:
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=list(SPONSOR_OF))}
    kpi_ids: dict[str, int] = ctx.registry.get("kpi_ids", {})
    kpis = {k.code: k for k in KPI.objects.filter(pk__in=kpi_ids.values())}
    program_ids: dict[str, int] = ctx.registry.get("experience_program_ids", {})
    need_ids: dict[str, int] = ctx.registry.get("need_ids", {})
    warehouses: list[str] = ctx.registry.get("warehouse_codes", [])
    site = OrgUnit.objects.filter(code=warehouses[0]).first() if warehouses else None
    site_name = site.name if site else "one warehouse"

    def words(text: str) -> str:
        return text.replace("{scanner_site}", site_name)

    rows: list[Request] = []
    events: list[tuple[int, str, str, str, datetime]] = []  # (row, status, message, user, at)
    for n, spec in enumerate(REQUESTS):
        project = projects.get(spec.target) if spec.outcome == "project" else None
        on = (project.start if project else now) - timedelta(days=spec.ago)
        submitted = _at(on, rng)
        kpi = None if spec.kpi is None else kpis.get(spec.kpi or KPI_OF[spec.unit])
        gap = Decimal(spec.gap) if spec.gap else None
        status = R.ACCEPTED if spec.outcome in ACCEPTED_AS else spec.outcome
        requester = REQUESTER_OF[spec.unit]
        decider = "leader" if spec.unit in (SALES, HR) else "staff"
        row = Request(
            title=words(spec.title),
            problem=words(spec.problem),
            kpi=kpi,
            kpi_gap=gap,
            audience=words(spec.audience),
            audience_size=spec.size,
            deadline=on + timedelta(days=spec.deadline) if spec.deadline else None,
            sponsor=people.get(spec.sponsor or SPONSOR_OF[spec.unit]),
            unit=units.get(spec.unit),
            requester=users.get(requester),
            submitted_at=submitted,
            status=status,
            diagnosis=spec.diagnosis,
            triage_notes=words(spec.notes),
            triaged_by=users.get(decider) if status != R.SUBMITTED else None,
            accepted_as=ACCEPTED_AS.get(spec.outcome, ""),
            project=project,
            program_id=program_ids.get(spec.target) if spec.outcome == "program" else None,
            need_id=need_ids.get(spec.target) if spec.outcome == "need" else None,
            defer_until=now + timedelta(days=spec.defer) if spec.defer else None,
        )
        _rate(row, spec, kpi, gap)
        events.append((n, R.SUBMITTED, RECEIVED, requester, submitted))
        if status == R.SUBMITTED:
            rows.append(row)
            continue
        latest = max(_at(now - timedelta(days=1), rng), submitted + timedelta(hours=1))
        triaged = min(submitted + timedelta(days=rng.randint(1, 4), hours=2), latest)
        events.append((n, R.IN_TRIAGE, TRIAGE, decider, triaged))
        if status != R.IN_TRIAGE:
            if project is not None:
                decided = _at(project.start - timedelta(days=rng.randint(2, 5)), rng)
            else:
                decided = submitted + timedelta(days=rng.randint(8, 20), hours=3)
            decided = max(min(decided, latest), triaged + timedelta(hours=1))
            reason = words(spec.reason)
            if project is not None:
                reason = f"{reason} The project starts on {project.start:%d %B %Y}."
            row.decision_reason = reason
            events.append((n, status, reason, decider, decided))
        rows.append(row)
    bulk_create_with_history(rows, Request, default_change_reason=REASON)
    created = {
        r.title: r for r in Request.objects.filter(title__in=[r.title for r in rows]).order_by("pk")
    }
    by_key = {spec.key: created[row.title] for spec, row in zip(REQUESTS, rows, strict=True)}
    merged_events = _merge(by_key, users)
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request=by_key[REQUESTS[n].key],
                status=status,
                message=message,
                actor=users.get(user),
                at=at,
            )
            for n, status, message, user, at in events
        ]
        + merged_events
    )
    return by_key


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))), tzinfo=UTC)


def _rate(row: Request, spec: RequestSpec, kpi: KPI | None, gap: Decimal | None) -> None:
    """Set the six ratings; impact follows the money at stake when the KPI has a value."""
    if not spec.ratings:
        return
    impact, alignment, urgency, reach, risk, effort = spec.ratings
    if kpi is not None and kpi.unit_value is not None and gap is not None:
        suggested = prioritisation.impact_rating(float(gap * kpi.unit_value))
        impact = None if suggested is None else round(suggested)
    row.rating_impact, row.rating_alignment, row.rating_urgency = impact, alignment, urgency
    row.rating_reach, row.rating_risk, row.rating_effort = reach, risk, effort


def _merge(by_key: dict[str, Request], users: dict[str, User]) -> list[RequestEvent]:
    """Point merged requests at the one they joined; that one's requester is told too."""
    out = []
    for spec in REQUESTS:
        if spec.outcome != R.MERGED:
            continue
        merged, into = by_key[spec.key], by_key[spec.target]
        Request.objects.filter(pk=merged.pk).update(merged_into=into)
        merged.merged_into = into
        out.append(
            RequestEvent(
                request=into,
                status=into.status,
                message=f"Merged in: “{merged.title}” asks for the same thing; we answer both "
                "here.",
                actor=users.get("staff"),
                at=merged.submitted_at + timedelta(days=5),
            )
        )
    return out


def _weights(now: date, users: dict[str, User], requests: dict[str, Request]) -> None:
    """The weights agreed a year ago, the leader's change since, and ratings moved."""
    leader = users.get("leader")
    PriorityWeights.objects.bulk_create(
        [
            PriorityWeights(
                weights=dict(prioritisation.DEFAULT_WEIGHTS),
                reason="Agreed with the directors at the first prioritisation board: business "
                "impact counts most, effort counts against.",
                actor=leader,
                at=datetime.combine(now - timedelta(days=365), time(11), tzinfo=UTC),
            ),
            PriorityWeights(
                weights=dict(WEIGHTS_CHANGED),
                reason="After two audit findings on personal data the executive team asked "
                "that risk and compliance count more; urgency counts less, as most deadlines "
                "we were given turned out to be soft.",
                actor=leader,
                at=datetime.combine(now - timedelta(days=120), time(16), tzinfo=UTC),
            ),
        ]
    )
    end = datetime.combine(now, time(9), tzinfo=UTC)
    rows = []
    for key, criterion, before, reason, user in PRIORITY_CHANGES:
        request = requests[key]
        after = request.ratings()
        rows.append(
            PriorityChange(
                request=request,
                before={**after, criterion: float(before)},
                after=after,
                reason=reason,
                actor=users.get(user),
                at=request.submitted_at + (end - request.submitted_at) * 0.6,
            )
        )
    PriorityChange.objects.bulk_create(rows)
