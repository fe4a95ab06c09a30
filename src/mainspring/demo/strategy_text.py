"""What Northwind Freight's learning strategy says: narrative, rationale and evaluation notes.

The demo's strategy document is written here, apart from the seeder that stores it, so
the seeder reads as a sequence of events and this module reads as the document. The
numbers the text quotes (headcounts, baselines, targets, budgets, break-even points)
come in through :class:`Facts`, read from the seeded data, so the prose follows the
data at any size of company.

Version 1 is the text the executive team approved; version 2 is the revision in
progress. :func:`narrative` returns either, section by section; version 2 differs only
where the revision changed something, so the version diff shows real edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from mainspring.strategy.document import number
from mainspring.strategy.models import (
    DeliveryMethod,
    EvaluationLevel,
    GapType,
    IsolationMethod,
    SectionKey,
)

TITLE = "Northwind Freight learning strategy"
MILLION = 1_000_000
REVISED = 2  # the revision in progress; version 1 is the approved text

# Titles of the needs the strategy seeder writes (``seeders.strategy.need_specs``).
SAFE_DRIVING = "Defensive driving and load securing"
SELLING = "Consultative selling"
SELLING_WHY = "Consultative selling: why it pays the rep"
SERVICE = "Service recovery"
MANAGERS = "First-time manager skills"
MANAGERS_WHY = "First-time managers: owning the people side"
PRIVACY = "Data privacy essentials"
SCANNING = "Scanning procedure"
SCANNERS = "Warehouse picking errors at one site: broken scanners"

# Initiatives the scanner replacement and later work brought; not in version 1's budget.
NOT_LEARNING_SPEND = ("scanners",)
V1_INITIATIVES = (
    "intake",
    "privacy",
    "safe_driver_pilot",
    "safe_driver_rollout",
    "in_cab",
    "sales_academy",
    "service",
    "new_manager",
    "warehouse_quality",
)


@dataclass(frozen=True, slots=True)
class KpiFacts:
    name: str
    unit: str
    baseline: float | None
    target: float | None
    target_date: date | None
    unit_value: float | None  # EUR per unit of the KPI


@dataclass(frozen=True, slots=True)
class Facts:
    """The numbers and names the strategy quotes, read from the seeded data."""

    company: str
    people: int  # active headcount
    depots: int
    warehouses: int
    drivers: int
    pickers: int
    reps: int
    agents: int
    leads: int  # depot, shift and customer-service team leads
    learning_team: int
    kpis: dict[str, KpiFacts]  # by KPI code
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
    designers: tuple[str, ...]
    facilitator: str
    lms_administrator: str
    learning_coordinator: str
    scanner_site: str
    new_site: str
    budgets: dict[str, int]  # EUR by initiative key
    today: date
    approved_on: date
    v2_started: date

    def budget(self, key: str) -> str:
        return money(self.budgets.get(key, 0))

    def learning_budget(self, revision: int) -> int:
        """The learning portfolio's budget: version 1's initiatives, or all but IT's."""
        keys = V1_INITIATIVES if revision < REVISED else tuple(self.budgets)
        return sum(v for k, v in self.budgets.items() if k in keys and k not in NOT_LEARNING_SPEND)

    def kpi(self, code: str) -> KpiFacts:
        return self.kpis[code]

    def level(self, code: str, which: str = "baseline") -> str:
        """A KPI's baseline or target with its unit, e.g. "1.6 incidents per 100 drivers"."""
        k = self.kpis[code]
        value = k.baseline if which == "baseline" else k.target
        if value is None:
            return "not set"
        if code == "revenue-per-rep":
            return money(value) + " a month"
        return f"{number(value)} {k.unit}"

    @property
    def horizon(self) -> str:
        target = self.kpis["safety-incidents"].target_date
        return month(target) if target else "the end of the goals' horizon"

    @property
    def safe_driver_cost(self) -> int:
        """The whole Safe Driver investment: pilot, rollout and in-cab coaching."""
        keys = ("safe_driver_pilot", "safe_driver_rollout", "in_cab")
        return sum(self.budgets.get(k, 0) for k in keys)

    @property
    def sites(self) -> int:
        return self.depots + self.warehouses

    @property
    def designer_names(self) -> str:
        return _and(list(self.designers))


@dataclass(frozen=True, slots=True)
class Evaluation:
    level: int
    method: str
    notes: str


@dataclass(frozen=True, slots=True)
class Guideline:
    gap_type: str
    method: str
    primary: bool
    rationale: str


def money(value: float) -> str:
    """EUR amounts as a finance team writes them."""
    if abs(value) >= MILLION:
        return f"EUR {value / MILLION:,.1f} million"
    return f"EUR {value:,.0f}"


def month(day: date) -> str:
    """A month as people write it: "March 2025"."""
    return f"{day:%B %Y}"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def break_even(f: Facts, code: str, cost: float) -> str:
    """The change in a KPI at which a programme's first-year benefit pays its cost."""
    k = f.kpis[code]
    if not k.unit_value:
        return "not computable: the KPI has no money value yet"
    per_unit_year = _per_unit_year(f, code)
    if per_unit_year <= 0:
        return "not computable at this size"
    needed = cost / per_unit_year
    if code == "revenue-per-rep":
        return f"{money(needed)} more revenue per rep a month"
    return f"{number(needed, 3)} {k.unit}"


def _per_unit_year(f: Facts, code: str) -> float:
    """What one unit of a KPI, held for a year across the audience, is worth in EUR."""
    value = f.kpis[code].unit_value or 0.0
    return {
        "safety-incidents": f.drivers / 100 * 12 * value,
        "revenue-per-rep": f.reps * 12 * value,
        "complaints": 12 * value,
        "voluntary-turnover": f.sites * 12 * value,
        "picking-errors": f.warehouses * 12 * value,
        "privacy-audit-findings": 4 * value,
    }[code]


def _against(needed: float, expected: float) -> str:
    """Compare a break-even change with the change a need expects, in words."""
    if needed <= 0 or needed < expected * 0.6:
        return f"well inside the {number(expected)} the need expects"
    if needed <= expected:
        return f"inside, but not far inside, the {number(expected)} the need expects"
    return (
        f"more than the {number(expected)} the need expects, so at this scale the "
        "programme must beat its own target to pay back"
    )


# --------------------------------------------------------------------------- guidelines

K, SK, MO = GapType.KNOWLEDGE, GapType.SKILL, GapType.MOTIVATION
D = DeliveryMethod

GUIDELINES: tuple[Guideline, ...] = (
    Guideline(
        K,
        D.ELEARNING,
        True,
        "Short modules (under 15 minutes) on what is specific to Northwind: our procedures, "
        "our systems, our customers' rules. Anyone can search the web for the generic; we "
        "teach what a search cannot find.",
    ),
    Guideline(
        K,
        D.JOB_AID,
        True,
        "Knowledge that is used rarely or under pressure belongs at the point of work "
        "(shelf-edge cards, in-cab checklists, a CRM prompt), not in memory.",
    ),
    Guideline(
        K,
        D.VIDEO,
        False,
        "Two-minute phone videos for procedures that are easier shown than told, e.g. "
        "scanning a damaged label.",
    ),
    Guideline(
        K,
        D.READING,
        False,
        "Policies stay in the policy library; a module links to the paragraph that matters "
        "instead of copying it, so there is one version to keep right.",
    ),
    Guideline(
        SK,
        D.APPLICATION_EXERCISE,
        True,
        "A skill is learnt by doing: every skill path has scenarios built from our own "
        "incident reports, calls and deals, practised until people get them right.",
    ),
    Guideline(
        SK,
        D.COACHING,
        True,
        "Practice transfers when someone watches and gives feedback on the job: in-cab "
        "coaching for drivers, call coaching for agents, deal reviews for reps.",
    ),
    Guideline(
        SK,
        D.CLASSROOM,
        True,
        "Kept for practice that needs a yard, a vehicle or a partner (load securing, role "
        "plays); never for content a module can carry. Scheduled outside peak season.",
    ),
    Guideline(
        SK,
        D.ON_THE_JOB,
        True,
        "The 70 of 70-20-10: stretch tasks agreed with the manager after each formal chunk, "
        "so the first real attempt happens within two weeks of learning it.",
    ),
    Guideline(
        SK,
        D.VIRTUAL_CLASSROOM,
        False,
        "For office-based audiences spread over regions (sales, customer service) when the "
        "practice is conversational; saves a day's travel per person.",
    ),
    Guideline(
        SK,
        D.PODCAST,
        False,
        "Refreshers drivers can listen to on the road between practice sessions; the "
        "spacing keeps the skill alive.",
    ),
    Guideline(
        MO,
        D.MANAGER_DISCUSSION,
        True,
        "Motivation is the learner's own why, and the manager is the one who can connect a "
        "change to what the person cares about: a structured conversation before and after.",
    ),
    Guideline(
        MO,
        D.COMMUNITY,
        True,
        "Peers who already work the new way are more convincing than any module: regional "
        "communities of practice for reps and for new leads.",
    ),
    Guideline(
        MO,
        D.VIDEO,
        False,
        "Short testimonials from colleagues (with consent) showing what changed for them; "
        "never actors, never head-office voice-over.",
    ),
)


# --------------------------------------------------------------------------- evaluation

L, IM = EvaluationLevel, IsolationMethod


def evaluation_v1(f: Facts) -> dict[str, Evaluation]:
    """How each learning need was to be evaluated when version 1 was approved."""
    return {
        SAFE_DRIVING: Evaluation(
            L.ROI,
            IM.DID,
            f"Data: monthly incidents per 100 drivers by depot from the fleet safety system, "
            f"36 months of history. Comparison: Safe Driver reaches the {f.depots} depots in "
            "waves, so each wave is compared with the depots not yet trained "
            "(staggered difference-in-differences, estimated with an estimator robust to "
            "different effects per wave, such as Callaway-Sant'Anna), with an event-study "
            "plot to check the pre-trends. Timing: 12 months before and at least 6 after "
            "each wave; peak-season months are compared like with like. ROI on fully loaded "
            f"costs, incidents valued at {money(f.kpi('safety-incidents').unit_value or 0)} "
            "each by Finance, reported at the interval's lower bound too.",
        ),
        SELLING: Evaluation(
            L.RESULTS,
            IM.DID,
            "Data: monthly revenue per account executive from the CRM. Comparison: reps who "
            "have completed the Academy against reps who have not yet enrolled, before and "
            "after, by region. Timing: six months after each intake.",
        ),
        SELLING_WHY: Evaluation(
            L.BEHAVIOUR,
            IM.ESTIMATES,
            "Shares the revenue KPI with the skill need, so its effect cannot be separated "
            "from the Academy's. Level 3 instead: the share of CRM opportunities with "
            "discovery notes, and sales managers' observation of one call a month per rep; "
            "reps' own estimates of what changed, adjusted for attribution and confidence.",
        ),
        SERVICE: Evaluation(
            L.RESULTS,
            IM.TREND,
            "Data: complaints per 1,000 shipments and first-contact resolution by department, "
            "monthly, from the CRM service module and the contact-centre platform. With two "
            "departments there is no comparison group: seasonal trend forecast from 36 "
            "months of history, compared with the months after the path.",
        ),
        MANAGERS: Evaluation(
            L.RESULTS,
            IM.DID,
            "Data: voluntary turnover by site from the HRIS, monthly. Comparison: sites whose "
            "leads start the path later. The first cohorts come from the sites with the "
            "highest turnover, so a plain trained-versus-untrained comparison would show "
            "trained sites losing more people and call the path harmful; the estimate "
            "compares each site's change with its own past and with sites not yet reached, "
            "and checks that the trends ran parallel before. Timing: 12 months pre, 9 post.",
        ),
        MANAGERS_WHY: Evaluation(
            L.BEHAVIOUR,
            IM.ESTIMATES,
            "No KPI of its own yet. Level 3: one-to-ones held (from the HRIS's conversation "
            "log), the pulse-survey item 'my lead helps me grow', and leads' managers' "
            "estimates of the change, adjusted for attribution and confidence.",
        ),
        PRIVACY: Evaluation(
            L.LEARNING,
            IM.TREND,
            "The null case, said plainly: the course is mandatory for the whole audience at "
            "once, so nothing can isolate its effect on audit findings. Level 2: the "
            "end-of-module assessment (pass mark 80 %), and at level 3 the internal audit's "
            "spot checks of spreadsheets and mailboxes. Audit findings per quarter are "
            "watched as a trend, not claimed as an effect; no ROI will be calculated.",
        ),
        SCANNING: Evaluation(
            L.RESULTS,
            IM.DID,
            f"Data: picking error rate by warehouse, monthly, from the WMS. Comparison: the "
            f"{f.warehouses} warehouses go live in sequence, so later ones serve as "
            f"comparison for earlier ones. {f.scanner_site} is left out of the comparison "
            "while its scanners fail (a hardware problem, triaged out of training). Timing: "
            "6 months before and after each go-live.",
        ),
    }


def evaluation_v2(f: Facts) -> dict[str, Evaluation]:
    """The approaches the revision strengthened after version 1."""
    return {
        SELLING: Evaluation(
            L.RESULTS,
            IM.MATCHING,
            "Data: monthly revenue per account executive from the CRM. Reps choose when to "
            "enrol and the strongest enrolled first, so a trained-versus-untrained gap "
            "flatters the Academy. Comparison: each enrolled rep is matched with reps not "
            "yet enrolled on the 12 months of revenue before, tenure, region and account "
            "mix; the matched groups are then compared before and after "
            "(difference-in-differences on the matched sample), with balance checks "
            "reported. Timing: six months after each intake; evidence grade C, said so.",
        ),
        SERVICE: Evaluation(
            L.RESULTS,
            IM.RANDOMISED,
            f"Data: complaints and repeat contacts attributed to each agent's team from the "
            f"CRM service module, monthly. Comparison: {f.customer_service_director} agreed "
            "to draw the agent teams by lot into wave A and wave B three months apart; wave "
            "B is the comparison group until it starts (a randomised wait-list, evidence "
            "grade A). Department-level complaints per 1,000 shipments are reported beside "
            "it. Timing: three months per wave, outside the November-December peak.",
        ),
    }


# --------------------------------------------------------------------------- initiatives

INITIATIVE_DESCRIPTIONS: dict[str, str] = {
    "intake": "One front door for learning requests: a short intake (problem, KPI, audience, "
    "deadline), triage (is it a learning problem? which gap?) and a monthly board that "
    "ranks requests on published criteria.",
    "privacy": "Replace the hour-long slide deck with four 12-minute modules on what our "
    "staff actually do with personal data: spreadsheets, e-mail attachments, retention.",
    "safe_driver_pilot": "Design the Safe Driver path with depot leads and the fleet safety "
    "team, and pilot it at two depots before committing the rollout budget.",
    "safe_driver_rollout": "Classroom and yard practice, in-cab coaching and podcast "
    "refreshers, depot by depot in waves planned around the peak season.",
    "in_cab": "Depot leads learn to coach from the passenger seat: observe, debrief, agree "
    "one change. A certified coach in every depot sustains the path after the classroom.",
    "sales_academy": "E-learning on discovery, role plays in each region and a coaching guide "
    "for sales managers; content bought from a specialist vendor, tailored to freight.",
    "commission": "The commission plan pays per lane; solution deals take longer and pay no "
    "more. Without a change, the Sales Academy teaches behaviour the pay plan punishes.",
    "service": "Service recovery for agents: owning the fix, not just the apology, on "
    "real calls from our own recordings; team leads coach on two calls a week.",
    "new_manager": "Six months for first-time leads: one-to-ones, feedback, conflict, "
    "rota fairness; cohorts of twelve with a peer group and their own manager involved.",
    "warehouse_quality": "Five-minute modules on the scanning procedure on the shift-start "
    "screens, and shelf-edge job aids where the mis-picks cluster.",
    "scanners": "Not a learning initiative: IT and facilities replace the handhelds that fail "
    "to read labels. Tracked here because the quality programme waits on it.",
    "impact_data": "Automated monthly extracts from the fleet safety system, WMS, CRM and "
    "HRIS into the learning record, so evaluation does not depend on spreadsheets.",
    "platform": "Decide the LMS renewal on our requirements, add an xAPI record store and "
    "single sign-on, and reach the drivers and pickers who have no company e-mail.",
    "champions": "A named champion per site who books sessions, hosts the refreshers and "
    "tells us what is not working, with two hours a month protected for it.",
}


def change_summary(f: Facts) -> str:
    """What version 2 changes, in the words the leader's team would use."""
    return (
        f"Revision after the first year. Vision sharpened around three measurable promises. "
        f"Needs: the reps' motivation gap and the scanner triage at {f.scanner_site} are "
        f"written up. Procurement reworked after the Sales Academy vendor delivered ten weeks "
        f"late. Evaluation: Sales Academy now matched, Service Excellence randomised by team. "
        f"Implementation updated with five new initiatives. Technology is being rewritten "
        f"around the platform decision and is empty until then."
    )


# --------------------------------------------------------------------------- narrative

Writer = Callable[[Facts, int], str]


def narrative(f: Facts, *, revision: int) -> dict[str, str]:
    """Return the narrative of every section of version ``revision`` (1 or 2)."""
    writers: dict[str, Writer] = {
        SectionKey.VISION: vision,
        SectionKey.NEEDS: needs,
        SectionKey.GOVERNANCE: governance,
        SectionKey.DELIVERY: delivery,
        SectionKey.PROCUREMENT: procurement,
        SectionKey.EVALUATION: evaluation,
        SectionKey.TECHNOLOGY: technology,
        SectionKey.ORGANISATION: organisation,
        SectionKey.IMPLEMENTATION: implementation,
    }
    return {key: writer(f, revision).strip() for key, writer in writers.items()}


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p.strip())


# --------------------------------------------------------------------------- 1. vision


def vision(f: Facts, r: int) -> str:
    """Section 1: what learning is for at the company, and what it stops doing."""
    safety, complaints = f.kpi("safety-incidents"), f.kpi("complaints")
    opening_v1 = f"""
Learning at {f.company} exists to make the business safer, more reliable for its customers
and a better place to stay. It is judged by the same numbers the executive team reads every
month: incidents on the road and in the yard, picking errors, complaints, revenue per
account executive and the people who resign. This strategy commits the learning function to
those numbers for the two years to {f.horizon}, says what we will build, buy and stop, and
how we will show whether it worked.
"""
    opening_v2 = f"""
Learning at {f.company} exists to move the numbers the executive team reads every month.
For the two years to {f.horizon} we make three promises and expect to be held to them:
**fewer incidents** (from {f.level("safety-incidents")} towards
{f.level("safety-incidents", "target")}), **fewer complaints** (from
{f.level("complaints")} towards {f.level("complaints", "target")}) and **leads people stay
for**. Everything else the function does either serves one of these promises, is required
by law, or is on the list of things we have stopped.
"""
    v2_year = f"""
### What the first year taught us

Version 1 was approved in {month(f.approved_on)}. Three things changed our minds since.
The Safe Driver pilot showed that drivers value the in-cab coaching far above the
classroom, so the coaching now carries more of the path. The Sales Academy showed that
teaching a behaviour the commission plan does not reward is money half spent. And the
picking errors at {f.scanner_site} showed that triage pays: the fix was a purchase order
for scanners, not a course. The promises above are sharper because we now know which
levers we actually hold.
"""
    return _join(
        opening_v2 if r >= REVISED else opening_v1,
        f"""
### Why learning, and why now

{f.company} employs about {f.people:,} people across {f.depots} depots, {f.warehouses}
warehouses, a sales force of {f.reps:,} account executives and a customer service
operation of about {f.agents:,} agents. Most of them learned their job from the person
next to them. That works while the person next to them is right, and it fails quietly when
procedures change, when a depot opens (as {f.new_site} did) and has nobody experienced to
copy, or when the peak before year end doubles the pressure and shortcuts become habits.

The cost of that failure is visible in our own figures. Safety incidents averaged
{f.level("safety-incidents")} over the baseline year; Finance values a lost-time incident
at {money(safety.unit_value or 0)}, and insurers have raised the fleet premium twice.
Complaints averaged {f.level("complaints")}, each costing about
{money((complaints.unit_value or 0) / 120)} to handle and credit before counting the
renewals they put at risk. Voluntary turnover of {f.level("voluntary-turnover")} means a
depot of sixty loses more than a dozen people a year, most of them in their first year and
most of them, by their own account in exit interviews, because of their supervisor.
""",
        v2_year if r >= REVISED else "",
        f"""
### What learning will be known for

In two years a driver, a picker, an agent or a new lead should be able to say three things:
*I was shown how we do it here, by someone who does it well; I practised it before it
mattered; and someone checked on me afterwards.* That sentence is the standard every
programme in this strategy is designed against. It rules out a good deal of what learning
functions usually do: libraries of generic courses nobody chose, one-day workshops with
nothing before or after, and completion certificates counted as success.

The executive team should know the learning function for something different: a short list
of programmes, each tied to a goal, a KPI and a sponsor, each with a budget and an
evaluation plan agreed before it starts, and each reported in the business's own terms,
including when the answer is that it did not work.

### Principles we will hold to

- **Business first.** No programme starts without a named business sponsor, a KPI it is
  meant to move and an expected size of change. Requests without them are welcome at the
  intake, and are sent back with questions, not refused.
- **Triage before training.** Every request is checked: is this a knowledge, skill or
  motivation gap, or is it a process, tool or incentive problem that no course will fix?
  We would rather say "this is not a training problem" early than deliver a course that
  cannot work.
- **Curate, then build.** Our people need what is specific to {f.company}: our depots, our
  systems, our customers' rules. We buy what is generic, tailor what is close and build only
  what nobody else can.
- **Learning is a process, not an event.** Every path has practice on the job and a
  manager's part, before and after any formal session.
- **Measure honestly.** We design the evaluation backwards from the business result, use a
  comparison group wherever the rollout allows one, and never call a trained-versus-untrained
  gap an effect.

### What we will stop doing

We will end the subscription to the generic e-learning library when it expires (used by
fewer than one in ten staff, mostly for mandatory modules we can host ourselves), stop
running stand-alone "refresher" days that are not linked to a KPI, and stop reporting
hours of training as a measure of success. Hours and completions remain in our operations
report as measures of efficiency; they are not what we ask to be judged on.
""",
    )


# --------------------------------------------------------------------------- 2. needs


def needs(f: Facts, r: int) -> str:
    """Section 2: the macro needs, how they were found, and what was left out."""
    new_v2 = f"""
### New since version 1: the reps' own why

The Sales Academy's first intake confirmed the skill gap and uncovered a second one. In the
engagement survey and in the Academy's own feedback, reps said that discovery
conversations lengthen the sales cycle and that the commission plan pays per lane,
whatever the size of the solution behind it. A rep who does what the Academy teaches earns
less this quarter. That is a **motivation gap with an incentive behind it**, and it is now
recorded as its own need ("{SELLING_WHY}"), expected to add about EUR 1,500 a month per rep
once addressed. Part of it is ours to close (managers showing reps what bigger accounts mean
for their commission over a year) and part of it is not: the plan itself is a decision for
{f.sales_director}, {f.cfo} and {f.chro}, and the initiative to align it still has no
owner. That is the single most important open point of this revision.

### Triage that worked: {f.scanner_site}

Version 1 flagged that one warehouse's error rate was about twice its peers'. The
investigation found that half the site's handheld scanners failed to read labels and pickers
keyed item codes by hand. The need stays on the register as "not a learning problem", with
the reason written down, because the record of what we declined to train is part of the
strategy. IT replaced the scanners; the Warehouse Quality micro-learning now goes live at the
site only after the new scanners have been in use for a full month, so that the evaluation
does not credit training with a hardware fix.
"""
    return _join(
        f"""
Every need in this section was found in the business's own evidence (incident reviews,
win/loss interviews, call sampling, exit interviews, audit findings, system logs) and is
tied to one of the six business goals and, wherever one exists, to the KPI that goal is
judged by. Each carries an expected change in that KPI: the size of effect that would make
the work worth doing. The table below this narrative lists them; the charts show each KPI's
three years of history with the baseline and the target.

### How the needs were found

Before writing a line of this strategy the learning team spent six weeks in the business:
{f.head_of_learning} and {f.learning_manager} rode along with drivers at four depots,
worked a shift in two warehouses, listened to sixty recorded service calls and sat in on
the sales team's quarterly pipeline review. Each director was asked the same three
questions: which number keeps you awake, what do your best people do that others do not,
and what have you already tried. The needs below are the answers that survived the
question "would training change this?".

### Safety: defensive driving and load securing (skill)

Incident reviews show that six in ten collisions happen at low speed in yards and on
customer premises, and that load shifts follow pallets that were not secured. Drivers know
the rules (they pass the annual test) but do not apply them when a delivery window is about
to close. This is a **skill gap under time pressure**, not a knowledge gap, and it is the
largest single opportunity in this strategy. The audience is about {f.drivers:,} drivers and
their depot leads. The expected change is a fall of 0.5 incidents per 100 drivers a month
against a baseline of {f.level("safety-incidents")}; the goal's target is
{f.level("safety-incidents", "target")} by {f.horizon}.

### Revenue: consultative selling (skill)

Win/loss interviews with twenty customers say the same thing in different words: our
account executives quote lanes instead of asking about the customer's supply chain.
Role-play assessments found that two reps in ten ask discovery questions before proposing.
The competitors who win our customers' larger contracts sell solutions (dedicated fleets,
cross-docking, returns handling) and get there by asking. The audience is the
{f.reps:,} account executives; the expected change is EUR 4,000 more revenue per rep a month
against a baseline of {f.level("revenue-per-rep")}.

### Complaints: service recovery (skill)

Call sampling shows agents who are courteous and apologise well, and who rarely own the fix:
the customer is told what went wrong and is left to call again. A third of complaints are
repeat contacts about the same shipment. The skill is to take ownership of a recovery on the
first contact: confirm the facts, commit to a specific action with a time, and call back.
The audience is the {f.agents:,} agents and their team leads; the expected change is a fall
of 0.6 complaints per 1,000 shipments from a baseline of {f.level("complaints")}, with
first-contact resolution (baseline {f.level("first-contact-resolution")}) as the leading
indicator.

### People: first-time manager skills (skill, with a motivation gap behind it)

Exit interviews name "my supervisor" as the most common reason for leaving in the first
year. Most of our {f.leads:,} depot, shift and team leads were promoted from the floor
because they were the best operators, and were given no preparation for the people side of
the job. They are not short of goodwill; they have never been shown how to hold a
one-to-one, give feedback that lands, or handle a conflict over the rota. Interviews also
found a motivation gap: many new leads see people topics as HR's job. Both are recorded,
the skill gap against voluntary turnover (baseline {f.level("voluntary-turnover")}) and the
motivation gap, for now, without a KPI of its own.

### Compliance: data privacy essentials (knowledge)

The internal audit raised an average of {f.level("privacy-audit-findings")} on personal
data: customer details in personal spreadsheets and e-mail attachments, and staff who did
not know the retention rules. This is a genuine **knowledge gap** about our own rules, and it
is mandatory to close. We state now, before any money is spent, that the annual course is a
cost of operating legally rather than an investment with a return.

### Picking errors: the scanning procedure (knowledge) and a gap that is not ours

Warehouse system logs show mis-picks clustering on lines scanned by location rather than by
item. The procedure changed last year and new pickers still learn the old one from
colleagues on the floor. That is a knowledge gap for about {f.pickers:,} pickers and their
shift leads, best closed at the point of work. At one site, {f.scanner_site}, the error rate
was twice its peers' for a different reason, recorded below as not a learning problem.
""",
        new_v2 if r >= REVISED else "",
        """
### What is deliberately not on this list

Several requests reached us during the needs analysis and were not taken into the strategy.
A request for "resilience training" for the contact centre turned out, on inspection, to be
about staffing levels in the November peak; that went to the workforce planning review. A
request for a leadership programme for senior managers has no KPI and no sponsor willing to
name one; it stays on the intake list. Two departments asked for access to a generic
library; they are offered curated paths on the topics they named instead. Saying no with
reasons is part of the strategy, and the intake board publishes its reasons.

### How the list will change

Needs are reviewed by the Learning Council twice a year and at any time a sponsor brings
evidence that the business has moved. A need leaves the list when its KPI reaches target and
holds for two quarters, or when the evidence shows training is not the lever. New needs
enter through the same intake as any request, with the same questions.
""",
    )


# --------------------------------------------------------------------------- 3. governance


def governance(f: Facts, r: int) -> str:
    """Section 3: who decides, how requests are ranked, and the policies."""
    return f"""
Learning at {f.company} spends about {money(f.learning_budget(r))} a year on the programmes
in this strategy and asks for a great deal of people's time, most of it from the front line
in depots and warehouses. Governance exists so that those decisions are made by the people
who own the results, in the open, on criteria everyone can read.

### Who decides what

- **The executive team** approves this strategy and its budget once a year, and any change
  to the list of business goals it serves. It receives a two-page learning summary every
  quarter.
- **The Learning Council** decides priorities between departments and moves money between
  programmes within the approved budget. It is chaired by {f.coo} (COO) and includes
  {f.cfo} (CFO), {f.chro} (CHRO), the directors of operations, warehousing, sales and
  customer service, and {f.head_of_learning} (Head of Learning) as its secretary. It meets
  quarterly, for ninety minutes, on a one-page report per programme.
- **Sponsors** are named per business goal. A sponsor owns the KPI, signs off the design of
  any programme serving their goal, releases their people's time, and attends the read-out
  of results, good or bad. A programme whose sponsor stops turning up is paused, not run
  on goodwill.
- **The Head of Learning** decides how learning is designed, bought and delivered, owns the
  learning budget and the team, and is accountable for the evaluation being done properly.
- **The monthly intake board** ({f.head_of_learning}, {f.learning_manager} and one
  representative per division) ranks new requests and decides which join the plan, which
  wait, and which are sent back as not a learning problem.

### How requests are prioritised

Every request arrives through the intake form and is triaged within ten working days. The
board scores it on six published criteria, each from 0 to 3: business impact (the size of
the KPI change times its money value), alignment with a goal in this strategy, urgency,
reach (how many people), risk or compliance exposure, and effort. The weights are agreed by
the Learning Council, not by the learning team: at present impact and alignment count
double, and a legal requirement goes straight to the top regardless of score. The scores
and the decision are recorded against the request, so any director can see why their
request ranks where it does. Saying no is acceptable when the reason is written down.

### Sponsorship today, and the gap in it

Five of the six business goals have a sponsor at executive level. The data-protection goal
has an owner ({f.cfo}) but no sponsor; nobody on the executive team has yet agreed to
champion it, and until someone does it is run as a compliance obligation with the minimum
spend the law requires. We have asked the CEO, {f.ceo}, to name a sponsor at the next
executive meeting.

Relationships with sponsors are not uniformly healthy, and the partnership register below
says so. The Operations Director sponsored a classroom-based driver academy in the spring
and, after the budget review, changed his mind in favour of coaching on the job. That was a
reasonable call, and the Safe Driver path was redesigned around it; it also cost six weeks.
The lesson is written into the design sign-off: the sponsor approves the mix of methods, not
just the objective, before anything is built.

### Policies this strategy relies on

- **Mandatory learning** is limited to what law, regulation or a customer contract requires,
  and each mandatory module names the clause it satisfies. Everything else is assigned by a
  manager for a reason or chosen by the learner.
- **Learning time is work time.** Front-line staff are paid for time in any assigned
  learning. Depots and warehouses schedule it in the quiet months (January to August);
  between mid-October and early January no classroom sessions are booked for drivers or
  pickers.
- **Content standards**: every module has an owner, a review date (twelve months at most),
  and a subject-matter expert who signs off accuracy. Legal and marketing reviews are booked
  at the start of a project, with a date, not requested at the end.
- **Learning records are personal data.** Individual results are visible to the learner,
  their manager chain and the learning team; sponsors and executives see results by site,
  department or programme, never by name. Records are kept for the length of employment
  plus two years, except where a regulator requires longer.
- **Evaluation before expansion.** No programme is rolled out beyond its pilot until the
  pilot's results at levels 1 to 3 have been reviewed by its sponsor.

### Escalation

Disagreements about priority go first to the intake board, then to the Learning Council,
whose decision is final within the budget. A sponsor who wants a programme the Council has
not prioritised may fund it from their own budget, provided it follows the same design and
evaluation standards; we would rather do that than see departments buy training outside the
strategy with no evaluation at all.
"""


# --------------------------------------------------------------------------- 4. delivery


def delivery(f: Facts, _r: int) -> str:
    """Section 4: which methods for which gap, around shifts and the road."""
    return f"""
This section sets out how learning reaches people at {f.company}: which methods we use for
which kind of gap, and why. The guidelines below this narrative are the working rules the
designers follow; the narrative explains the thinking behind them and the constraints of a
business where most people do not sit at a desk.

### Start from the gap, not the format

The first design question is never "classroom or e-learning?" but "what kind of gap is
this?".

- **Knowledge gaps** (the scanning procedure, the retention rules for personal data) are
  about information people do not have. They are closed by making the right information
  easy to find at the moment it is needed, specific to {f.company}, and short enough to be
  read on a shift break. A course is often the wrong answer; a job aid at the shelf edge
  or a prompt in the system is often the right one.
- **Skill gaps** (defensive driving, service recovery, consultative selling, leading a
  team) are about applying what people already know, under real conditions. They are
  closed only by practice with feedback: scenarios drawn from our own incidents and calls,
  role plays, coaching on the job. Information alone does not change a skill, however
  well produced.
- **Motivation gaps** (why a rep should take the longer route to a bigger deal; why a new
  lead should own the people side) are about the learner's own reasons. They are closed by
  the people whose opinion the learner respects (their manager, peers who already work the
  new way) and sometimes by changing what the organisation rewards. A module that tells
  people what they should want does not close a motivation gap.

### Every path is a process

A learning path at {f.company} is a sequence of chunks, each with an objective, a method
and a duration, that runs over weeks rather than a day. The Safe Driver path, for example,
begins with a conversation between the driver and the depot lead about the depot's own
incident record; continues with half a day of yard practice on load securing and low-speed
manoeuvring; then four in-cab coaching rides over two months; with five-minute podcast
refreshers in between; and ends with the lead and driver reviewing the driver's own
telematics together. Remove any one of those steps and the path is weaker; remove all but
the classroom and it is the programme that failed before.

### The 70-20-10 mix: shown, not enforced

We report the mix of every path between experience on the job, learning from others and
formal learning, because it makes the design visible and sparks the right conversation with
sponsors. We do not enforce a ratio. The privacy course is almost entirely formal, and
rightly so; the New Manager path is mostly experience and peer learning. What we do enforce
is that no skill path is purely formal.

### Working around the shift and the road

Most of our people drive, pick or answer phones on shifts. That sets hard constraints:

- **Time**: learning is scheduled in the quiet months and never in the November-December
  peak. Modules for drivers and pickers are under fifteen minutes, so they fit a break or
  the start of a shift.
- **Devices**: about one in ten front-line staff has no company e-mail address. Every module
  for front-line audiences runs on a phone and on the shift-start screens in depots and
  warehouses, and can be launched from a QR code without a password.
- **Place**: classroom sessions happen at the depot or warehouse, not at head office. The
  facilitator travels, not forty drivers.
- **Language and reading**: front-line content is written at a plain-language level, uses
  pictures and video where the task is physical, and is available in the three languages
  most spoken in our depots.
- **Accessibility**: all content meets the accessibility standard the law requires for our
  public website, with captions on every video.

### Curation over libraries

We will not meet needs by buying access to thousands of generic courses and leaving people
to choose. Where a good external resource exists (a video on defensive driving, an article
on one-to-ones) the designer places it inside a path, with a sentence on why it is there and
what to do next. The curated list per need is reviewed every six months; anything unused
for two review cycles is removed.

### Managers make it stick

The strongest predictor that training changes behaviour is what happens when the learner
returns to work. Every skill path includes a short conversation guide for the manager
before and after the formal part, and the manager's sign-off that the learner has tried the
new behaviour on the job. For the depot and shift leads who are themselves on the New
Manager path, this is also practice at the skill they are learning.

### What we will measure about delivery

For each path we report reach (share of the audience started and completed), time from
assignment to completion, the learners' rating of relevance, and the managers' confirmation
of on-the-job practice. These are efficiency and effectiveness measures; the outcome
measures belong to the evaluation section.
"""


# --------------------------------------------------------------------------- 5. procurement


def procurement(f: Facts, r: int) -> str:
    """Section 5: buy, tailor or build, and how vendors are held to account."""
    lesson_v2 = f"""
### What the Sales Academy delay taught us

The vendor contracted to build the Academy's e-learning delivered ten weeks late. The
contract paid half on signature and half on delivery, named no interim milestones, and gave
us no right to see work in progress; we learned of the delay in the week the modules were
due. The first intake was moved past the summer, the regional role plays were rescheduled
into the run-up to peak, and the initiative is now at risk. The vendor's subject-matter
expert had left and was not replaced; nothing in the contract required them to tell us.

We have changed four things as a result, and they apply to every contract from now on:

1. **Staged acceptance.** Payment follows accepted deliverables (design document,
   prototype, first module, full set), never the calendar, with no more than 20 % on
   signature.
2. **Visible progress.** Vendors share work in progress every two weeks in our own review
   space, and name the people on the project; a change of key person needs our agreement.
3. **Late-delivery terms.** A service credit of 2 % of the contract value per week of delay
   beyond an agreed margin, capped at 20 %, and the right to take the work in progress and
   finish it elsewhere.
4. **A second source.** For any bought programme on a goal's critical path we keep a
   qualified alternative vendor and {f.designer_names} keep enough of the design in-house
   (objectives, scenarios, assessment) to hand over within a month.
"""
    panel_v1 = """
### Preferred vendors

We will run a small panel of preferred vendors (at most five) chosen on quality of work on
a paid trial, rates and their willingness to work to our standards, reviewed yearly. Panel
vendors get a simpler contract and faster payment; work outside the panel needs the Head of
Learning's approval and a reason.
"""
    panel_v2 = """
### Preferred vendors, scored

The panel of preferred vendors (at most five) is now scored twice a year on four measures:
on-time delivery of accepted milestones, the number of review cycles our subject-matter
experts needed, learner ratings of the finished content, and responsiveness. The scores are
shared with the vendors. A vendor scoring in the bottom quartile two reviews running leaves
the panel; the Sales Academy vendor is on notice after the last review.
"""
    return _join(
        f"""
Most of the learning in this strategy is bought, built or a mix of both, and the choice
matters as much for speed and risk as for cost. This section sets the rules for that
choice and for how we work with the vendors who act as our factory.

### Buy, tailor or build

We decide per programme, on four questions:

- **How specific to {f.company} is the content?** Generic skills (negotiation, privacy law,
  defensive driving technique) are bought. What only we know (our yards, our scanning
  procedure, our service commitments, our customers' contracts) is built or tailored.
- **How long will it live?** Content that changes yearly is built in-house so it can be
  maintained cheaply; stable content can be bought with a licence.
- **How fast is it needed?** A vendor with an existing programme can be in front of
  learners in weeks; building from scratch takes a quarter at best.
- **Do we have the capacity?** The team has {len(f.designers)} instructional designers,
  and one of them is already over-allocated. Every build decision shows what it displaces.

In practice the programmes fall out as follows: Safe Driver is **built** around a bought
driving-technique module; the Sales Academy is **bought and tailored** to freight;
Service Excellence and Warehouse Quality are **built**, from our own calls and our own
system logs; the New Manager path **tailors** a licensed management curriculum with our own
scenarios; the privacy course is **built**, because the generic alternatives teach the law
rather than our rules.

### Vendor policy

- Every contract names the business KPI the work serves and includes the vendor's
  cooperation in the evaluation (access to usage data, attendance at the read-out).
- We own the content we pay to have built, including the source files, so it can be
  maintained without the vendor.
- Content must run on our platform and report to it in xAPI or, at minimum, SCORM 2004;
  content that only runs on a vendor's own portal is not bought for front-line audiences.
- Rates are compared against a rate card the team maintains per type of work (per finished
  minute of e-learning, per facilitated day, per coaching hour).
- Any vendor handling learner data signs our data-processing agreement before the first
  file is shared.
""",
        panel_v2 if r >= REVISED else panel_v1,
        lesson_v2 if r >= REVISED else "",
        f"""
### How the money splits

Of the {money(f.learning_budget(r))} programme budget, roughly 45 % goes to external
vendors and licences, 35 % to delivery (facilitators, travel, venues, coaching time paid to
depot leads) and 20 % to internal design and evaluation. Participants' time is not in the
learning budget but is counted in every programme's fully loaded cost, because the
business pays for it and the ROI must include it.

### What we will stop buying

We will not renew the generic content library at its next renewal date (see the vision);
the mandatory modules it hosts move to our own platform. We will stop buying open
workshops from training catalogues for individuals without a manager's reason linked to a
need on this list; the savings are redirected to coaching.
""",
    )


# --------------------------------------------------------------------------- 6. evaluation


def evaluation(f: Facts, r: int) -> str:
    """Section 6: how each need's results will be measured, and what is not claimed."""
    sales_v1 = f"""
### Sales Academy: the self-selection problem

Reps choose when to enrol. We compare reps who finished the Academy with those not yet
enrolled, before and after, by region. The Academy breaks even at
{break_even(f, "revenue-per-rep", f.budgets.get("sales_academy", 0))}; we will report the
estimate with its interval and say plainly if the interval includes zero.
"""
    sales_v2 = f"""
### Sales Academy: the self-selection problem

Reps choose when to enrol, and the first intake showed what that means: the reps who
enrolled first had earned, on average, well above the median in the year before. Comparing
them with reps who have not enrolled would credit the Academy with the difference between
strong and average reps. Version 1 planned exactly that comparison; this revision replaces
it. Each enrolled rep is now **matched** with reps not yet enrolled on the twelve months of
revenue before, tenure, region and account mix, and the matched groups are compared before
and after. The balance of the matched groups is published with the estimate, and the
evidence is graded C, not B, because matching can only balance what we measured.

The Academy breaks even at
{break_even(f, "revenue-per-rep", f.budgets.get("sales_academy", 0))}, at an 18 % gross
margin. We expect the estimate to be modest and uncertain; we will say so rather than
round it up.
"""
    service_v1 = """
### Service Excellence: a trend, for lack of a comparison

Complaints are measured per department, and there are only two service departments, so
there is no comparison group. We will forecast the seasonal trend from three years of
history and compare the months after the path with the forecast (evidence grade D), and
say that this is the weakest design in the portfolio.
"""
    service_v2 = f"""
### Service Excellence: randomised by team

Version 1 accepted a trend forecast here, the weakest design in the portfolio. Since then
the CRM attributes each complaint and repeat contact to the agent's team, and
{f.customer_service_director} agreed to a lottery: the agent teams were drawn into wave A
and wave B, three months apart. Until wave B starts it is a true control group. This gives
the portfolio its one grade-A estimate, at the cost of three months' wait for half the
teams, which the director judged worth it. Department-level complaints per 1,000
shipments remain in the report beside it.
"""
    feeds = (
        "and are now an initiative of the implementation plan"
        if r >= REVISED
        else "and the first item we will ask the Council to fund beyond this plan"
    )
    return _join(
        f"""
The executive team will ask one question of this strategy: did it work? This section says
how we will answer, for each need, before the money is spent. The table below sets out the
level and method for every need; this narrative explains the choices, the numbers each
programme must reach to pay for itself, and what we will not claim.

### Principles

- **Design backwards from the business result.** For each need we decide first which KPI
  should move and by how much (level 4), then which behaviours must change for that to
  happen (level 3), what people must learn (level 2), and only then how they should feel
  about it (level 1).
- **Isolate the effect before claiming it.** Safety incidents, complaints and turnover move
  for many reasons: the season, new vehicles, a change of depot manager, the labour market.
  We use the strongest comparison each rollout allows, and every estimate says which method
  produced it and grades the evidence from A (randomised) to E (adjusted estimates).
- **A trained-versus-untrained gap is never called impact.** Struggling sites and strong
  performers select into training; the naive gap can have the wrong sign.
- **Conservative by default.** Benefits are reported at the estimate and at the lower bound
  of its 95 % interval; only first-year benefits count for short programmes; costs are fully
  loaded, including participants' time.
- **Plans before rollouts.** Wherever we control the order of a rollout, we plan it so it
  can be evaluated: waves, and where the sponsor agrees, a lottery deciding who goes first.

### Safe Driver: a staggered rollout, read as an event study

Safe Driver reaches the {f.depots} depots in waves, planned by region around the peak. Each
wave is compared with the depots not yet trained, using a difference-in-differences
estimator built for staggered rollouts (Callaway and Sant'Anna), so that early and late
waves with different effects do not bias each other. An event-study plot shows the months
before and after training: if trained and untrained depots were already diverging before
training, the estimate is not credible and we will say so. With {f.drivers:,} drivers and
incidents valued at {money(f.kpi("safety-incidents").unit_value or 0)}, the whole Safe
Driver investment (pilot, rollout and in-cab coaching) breaks even at a fall of
{break_even(f, "safety-incidents", f.safe_driver_cost)}
a month, {_against(f.safe_driver_cost / max(_per_unit_year(f, "safety-incidents"), 1.0), 0.5)}.
This is the one programme evaluated to ROI
(level 5).
""",
        sales_v2 if r >= REVISED else sales_v1,
        service_v2 if r >= REVISED else service_v1,
        f"""
### New Manager path: why the obvious comparison misleads

The first New Manager cohorts come from the sites with the highest turnover, because that
is where the need is greatest. A comparison of trained and untrained sites will therefore
show trained sites losing more people, and a careless reader would conclude the path makes
things worse. The estimate instead compares each site's change in turnover with its own
past and with sites whose leads start later (difference-in-differences), after checking
that their trends ran parallel before. Turnover is noisy at site level (a site of sixty
losing one extra person moves the rate by more than a point), so we expect wide intervals
and will read the result after nine months, not three. The path breaks even at a fall of
{break_even(f, "voluntary-turnover", f.budgets.get("new_manager", 0))} across the
{f.sites} sites.

### Warehouse Quality: sequenced go-lives

Warehouses go live one after another, so the later ones serve as the comparison for the
earlier ones. {f.scanner_site} is excluded from the comparison until its new scanners have
been in use for a month, so that a hardware fix is not credited to training. The
micro-learning breaks even at
{break_even(f, "picking-errors", f.budgets.get("warehouse_quality", 0))}.

### Data privacy: the null case, stated in advance

The privacy course is mandatory for the whole audience at once, so no comparison group
exists and no method can isolate its effect on audit findings. We will report completion
and the assessment results (level 2), the audit's spot checks of spreadsheets and mailboxes
(level 3) and the quarterly findings as a trend, without claiming them as an effect. The
course will not have an ROI, and if anyone calculated one it would almost certainly be
negative. That is acceptable: it is the cost of handling personal data lawfully.

### Motivation needs: behaviour, not results

The two motivation needs share their KPIs with skill needs, so their separate effect on a
business result cannot be isolated. They are evaluated at level 3 (discovery notes in CRM
opportunities, one-to-ones recorded, survey items) with managers' and participants'
estimates adjusted for attribution and confidence, and labelled as such (grade E).

### Reporting

Results are reported the way the business reports everything else. The executive team
receives a **quarterly summary**: each goal, learning's planned and actual contribution,
and a few efficiency and effectiveness measures. Each sponsor receives a **programme
report** with outcome, effectiveness and efficiency rows against plan. The learning team
runs on a monthly **operations report**. Every estimate carries its interval, the number of
exposed and comparison units, the pre-trend or balance check, and its evidence grade.
Intangibles that we deliberately do not convert to money (confidence, engagement, employer
reputation) are listed beside the ROI, not added to it.

### What evaluation costs

Evaluation is budgeted at about 5 % of each programme's cost and is done by the learning
team with analytical support from Finance; the monthly data feeds from the fleet system,
warehouse system, CRM and HRIS are the single largest enabler, {feeds}.
""",
    )


# --------------------------------------------------------------------------- 7. technology


def technology(f: Facts, r: int) -> str:
    """Section 7: current and desired state of the platforms (empty in the revision)."""
    if r >= REVISED:
        # Cleared for a rewrite once the platform decision is made: the revision's open
        # section, on purpose (the strategy checks report it).
        return ""
    return f"""
Technology follows the strategy, not the other way round. The vision sets what the
function does, the needs set the kinds of learning and the delivery methods, and the
platforms must support exactly that and nothing more. This section takes stock of what we
have, says what the strategy needs, and lists the steps to close the gap, with costs,
owners and dates.

### What we have today

- **A learning management system** bought eight years ago, on a contract that ends in
  eighteen months. It hosts the mandatory modules and records completions. It supports
  SCORM 1.2 only, has no mobile app, and needs a company e-mail address to log in.
- **No learning record store.** Nothing records practice, coaching rides or on-the-job
  sign-offs; depot leads keep them on paper or not at all.
- **No single sign-on.** Staff have a separate password for the LMS, and the help desk
  resets about two hundred of them a month.
- **An authoring tool** with two licences, used by the designers.
- **Video meetings** through the company's standard collaboration suite, used for virtual
  classrooms without any attendance record.
- **A generic content library** subscription, used by fewer than one in ten staff.
- **No connection to the business systems** whose numbers we are judged by: fleet safety,
  warehouse management, CRM and HRIS data reach us as spreadsheets, when we ask.

### What the strategy needs

The programmes in this strategy need five capabilities the current estate lacks:

1. **Reach the front line.** Drivers and pickers must be able to start a module from a QR
   code on a phone or a shift-start screen without a company e-mail address, with their
   employee number as the only identity they need to know.
2. **Record learning that is not a course.** In-cab coaching rides, yard practice,
   role-play assessments and managers' sign-offs must be recorded as they happen, by the
   coach on a phone, in a standard format (xAPI) that any future platform can read.
3. **Know who is who.** The people, their roles, sites and managers must come from the HRIS
   every night, so assignments follow people when they move and managers see their own
   team without anyone maintaining lists.
4. **Connect to the KPIs.** Monthly extracts from the fleet safety system, warehouse
   management system, CRM and HRIS, by site, department or person, so that evaluation
   reads the same numbers the business reports.
5. **Report without spreadsheets.** The quarterly summary, programme reports and
   operations report should come from the data, not be assembled by hand.

### The gaps and what we will do about each

{_gaps_table(f)}

### The renewal decision

The LMS contract end is the largest technology decision in the life of this strategy. We
will not let the incumbent's renewal offer set the agenda. Six months before the end date we
will send a requirements questionnaire (built from the five capabilities above and the
departments' own answers) to the incumbent and at least two alternatives, and ask each to
demonstrate with our own content and our own front-line scenarios: a driver with no e-mail
address, a coach recording a ride in a yard, a manager checking their team. The decision
is the Learning Council's, on the Head of Learning's recommendation and with IT's security
review.

### Principles for any system we add

- **Standards over lock-in.** xAPI for learning records, SCORM 2004 or cmi5 for content,
  single sign-on for identity, open exports for everything. Anything we cannot take with
  us when we leave a vendor is not bought.
- **Privacy by design.** Learning records are personal data. Systems hold only what the
  purpose needs, show individual records only to the learner and their manager chain, and
  delete them on schedule.
- **Fewer systems, well used.** We will not add a second platform for a single programme.
  Every new tool replaces one, or serves a need no current tool can.

### What it costs

Technology takes about a tenth of the learning budget. The largest item is the platform
itself, whose cost will be known only after the renewal decision; until then this strategy
budgets the current licence.
"""


def _gaps_table(f: Facts) -> str:
    record_store = money(30_000 * max(f.people, 1000) / 2000)
    rows = [
        ("Gap", "Action", "Cost (year one)", "Owner", "By"),
        ("---", "---", "---", "---", "---"),
        (
            "LMS cannot reach phones or staff without e-mail",
            "Configure access by employee number now; replace at renewal",
            "Internal time",
            f.lms_administrator,
            "within 3 months",
        ),
        (
            "No record of practice and coaching",
            "Add a learning record store; coaches record rides on a phone form",
            record_store,
            f.lms_administrator,
            "within 9 months",
        ),
        (
            "Separate passwords",
            "Single sign-on through the company identity provider",
            "Internal IT time",
            f"IT, with {f.lms_administrator}",
            "within 6 months",
        ),
        (
            "People data by hand",
            "Nightly HRIS feed",
            "Internal IT time",
            f.learning_coordinator,
            "within 6 months",
        ),
        (
            "KPIs by spreadsheet",
            "Monthly extracts from four systems",
            "To be estimated",
            f.head_of_learning,
            "to be agreed with IT",
        ),
        (
            "Unused content library",
            "Retire at renewal",
            "Saves the licence",
            f.head_of_learning,
            "at renewal",
        ),
    ]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


# --------------------------------------------------------------------------- 8. organisation


def organisation(f: Facts, _r: int) -> str:
    """Section 8: the learning team, its place, capacity and development."""
    return f"""
The learning function at {f.company} is {f.learning_team} people serving about
{f.people:,}. That is a lean ratio, and it is deliberate: the team designs, curates,
contracts and evaluates; the business and our vendors do much of the delivery. This section
says how the team is organised, where it sits, what it needs to become, and how it works
with the people outside it who make learning happen.

### Where the function sits

The Head of Learning, {f.head_of_learning}, reports to the Chief Human Resources Officer,
{f.chro}, with a standing place in the COO's monthly operations review. The dotted line to
operations matters more than the solid one: two thirds of the programme budget serves goals
the COO sponsors, and the function's credibility rests on being seen in the depots and
warehouses, not only at head office.

### The team and its roles

- **Head of Learning** ({f.head_of_learning}): strategy, budget, sponsors, the Learning
  Council, and accountability for evaluation.
- **Learning Manager** ({f.learning_manager}): runs the engine day to day: intake,
  project plans and critical paths, vendors, the team's allocation, and the New Manager
  path as its owner.
- **Instructional designers** ({f.designer_names}): each aligned to a division (operations,
  warehousing, commercial) so that they know its people and numbers, and working across
  divisions when the plan requires.
- **Facilitator** ({f.facilitator}): delivers and trains the trainers, leads the Safe Driver
  rollout in the depots, and certifies the in-cab coaches.
- **LMS Administrator** ({f.lms_administrator}): the platform, enrolments, content
  hosting, and the technology roadmap.
- **Learning Coordinator** ({f.learning_coordinator}): scheduling, logistics, rooms and
  travel, and the learning records that are not yet automatic.

### Capacity, honestly

The plan uses the team fully and one designer is already over-allocated across the Safe
Driver and Warehouse Quality builds. We will not solve that by working longer: the
Learning Manager rebalances work monthly on the intake board's ranking, and when a request
is accepted something lower on the list moves. Peaks of build work are bought from panel
vendors rather than hired for, because they are peaks.

### What the team must learn

A function that asks the business to measure results must be able to do so itself. Three
capabilities are thin today and are developed deliberately:

- **Performance consulting**: questioning a request until the real problem is found. Every
  designer sits in on two intake triages a month with the Learning Manager.
- **Evaluation and data**: designing comparison groups and reading an event study. Two team
  members will complete an applied evaluation course this year, and Finance's analysts
  review our first estimates.
- **Coaching the coaches**: the facilitator's certification of depot leads is the
  multiplier of the Safe Driver path; a second certified assessor is trained so it does not
  rest on one person.

### The extended team

Most learning at {f.company} is delivered by people who are not in the learning team:

- **Depot, shift and team leads** coach on the job and hold the before-and-after
  conversations. Their time for this is agreed with their directors and counted as a cost.
- **Subject-matter experts** (safety officers, the warehouse systems team, senior agents,
  top reps) review content and appear in it. Their time is booked at the start of a project
  with their manager's agreement, because an unavailable expert is the most common cause of
  a late programme.
- **Vendors** on the preferred panel act as our production capacity for bought and
  tailored programmes.
- **Learning champions** in depots and warehouses (see the implementation plan) will
  become the local face of learning, with protected time.

### What will change in the structure

If the Council approves the next budget at the level of this one, the first addition to the
team is an **evaluation and data analyst**, not another designer: the plan's credibility
rests on its estimates, and today they depend on the goodwill of Finance. We will not grow
the team to deliver more courses; we will grow it only when a goal in this strategy cannot
be served otherwise.
"""


# --------------------------------------------------------------------------- 9. implementation


def implementation(f: Facts, r: int) -> str:
    """Section 9: the plan: sequence, critical path, budget, risks, reporting."""
    b = f.budget
    safe_driver = f.safe_driver_cost
    phases_v1 = """
### Three phases

1. **Foundations (first six months).** The intake board is already running. The privacy
   course is refreshed before the next audit cycle. Safe Driver is designed with depot
   leads and piloted at two depots, and the New Manager path starts with the sites where
   turnover is highest.
2. **Scale (months six to eighteen).** Safe Driver rolls out in waves, with depot leads
   certified as in-cab coaches behind it. The Sales Academy, Service Excellence and
   Warehouse Quality paths launch, each with its evaluation design agreed first.
3. **Embed (months eighteen to twenty-four).** Read-outs to the executive team, decisions
   to continue, change or stop each programme, and the next version of this strategy.
"""
    status_v2 = f"""
### Where the plan stands at this revision

Nine months after approval the plan is broadly on course, with one programme at risk and
one milestone overdue:

- **Done.** The intake board runs monthly; the privacy course was refreshed before the
  audit cycle and reached its completion target; the Safe Driver pilot ran at two depots and
  the rollout was approved; the failing scanners at {f.scanner_site} were replaced (an IT
  purchase, not a learning programme).
- **On track.** Safe Driver waves 1 and 2 are trained and wave 3 is scheduled after the
  quiet months begin; the New Manager path has finished two cohorts; Service Excellence
  wave A is complete; Warehouse Quality is live everywhere except the scanner site.
- **Overdue.** The second cohort of in-cab coaches was due last month and has not been
  certified: depot leads could not be released during the peak. It is rescheduled for the
  first quiet weeks; until then wave 3 depots will have coaches from neighbouring depots.
- **At risk.** The Sales Academy, after the vendor delivered ten weeks late (see
  procurement). E-learning is live; the regional role plays now fall close to the peak and
  the Sales Director must decide whether to run them or defer them to the new year.

### What this revision adds

Five initiatives have joined the plan since version 1:

- **Monthly KPI feeds for impact evaluation** ({b("impact_data")}), owned by
  {f.head_of_learning}: without them every estimate depends on a spreadsheet request.
- **Learning platform renewal** ({b("platform")}), owned by {f.lms_administrator}: the LMS
  contract decision, the record store and single sign-on.
- **Aligning the commission plan with solution selling** ({b("commission")}, mostly
  Finance's analysis time). It has no owner: Sales, HR and Finance each see it as
  another's. Until the executive team names one, the Sales Academy teaches a behaviour the
  pay plan does not reward.
- **Learning champions in depots and warehouses** ({b("champions")}), led by
  {f.facilitator}. It has no end date yet because the regional managers have not agreed how
  much of a champion's time they will protect; we will set one when they have.
- **Scanner replacement at {f.scanner_site}** ({b("scanners")} from the IT budget), now
  done, tracked here because the quality programme depended on it.
"""
    return _join(
        """
This section turns the strategy into a plan: the initiatives, who owns each, when it
starts and ends, what it costs and which needs it serves. The tables below this narrative
are the live plan with its milestones; the narrative explains the sequence, the critical
path, the risks and how progress is reported.
""",
        status_v2 if r >= REVISED else phases_v1,
        f"""
### Sequence and critical path

The sequence follows three rules. Programmes with the largest expected benefit and the
strongest sponsor go first (Safe Driver). Rollouts are planned in waves so that they can be
evaluated, and no classroom wave falls in the November-December peak. And nothing that
depends on another piece of work starts before it: the in-cab coaching depends on depot
leads being certified, the Warehouse Quality go-live at {f.scanner_site} depends on working
scanners, and every level-4 read-out depends on the monthly KPI data.

The critical path runs through the depots: Safe Driver wave 3 cannot be trained without
certified coaches in those depots, and the coaches cannot be certified while their leads are
covering peak shifts. The facilitator's calendar is the binding constraint; the
Learning Coordinator books it twelve weeks ahead and nothing else may claim those days.

### Budget by programme

| Programme | Budget | Sponsor or owner |
|---|---|---|
| Safe Driver (pilot, rollout, in-cab coaching) | {money(safe_driver)} | {f.operations_director} |
| Sales Academy | {b("sales_academy")} | {f.sales_director} |
| Service Excellence | {b("service")} | {f.customer_service_director} |
| New Manager path | {b("new_manager")} | {f.learning_manager} for {f.chro} |
| Warehouse Quality | {b("warehouse_quality")} | {f.warehousing_director} |
| Data privacy essentials | {b("privacy")} | {f.lms_administrator} for {f.cfo} |
| Intake and prioritisation | {b("intake")} | {f.head_of_learning} |
| **Learning portfolio** | **{money(f.learning_budget(r))}** | |

Budgets include design, licences, delivery and evaluation; participants' time is counted
separately in each programme's fully loaded cost. Safe Driver holds more than half of the
money because it holds most of the expected benefit: at the need's expected change, the
avoided incidents are worth several times its cost.

### Risks and what we do about them

- **Peak season eats the plan.** Every autumn the business rightly puts customers first.
  Mitigation: no front-line classroom from mid-October to early January; digital
  refreshers only in that window; slack of one month built into every wave.
- **Sponsors change their minds.** It has happened once already. Mitigation: sponsors sign
  off the mix of methods, not only the objective, and see a pilot before a rollout.
- **Subject-matter experts are unavailable.** Mitigation: their time is booked with their
  manager at the start, and every build plan shows the weeks it needs them.
- **Vendors deliver late.** Mitigation: staged acceptance and a second source (see
  procurement).
- **The evaluation finds no effect.** That is a result, not a failure. Mitigation: we agree
  in advance with each sponsor what we will do if the estimate is zero (change the design,
  or stop and redeploy the budget).
- **Key people leave.** The team is small; each programme has a named deputy owner.

### How progress is reported

The Learning Manager updates every initiative and milestone monthly. The Learning Council
sees the plan quarterly, with initiatives at risk and overdue milestones first, and decides
on anything that needs more money, more time or a different scope. The executive team
sees the plan in the quarterly learning summary, one page, and the full read-out of each
programme when its evaluation completes. This document is revised once a year, or sooner
if a business goal changes.
""",
    )
