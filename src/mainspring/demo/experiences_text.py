"""What Northwind Freight's learning experiences say: skills, catalogue words, programs, paths.

Plain values only; :mod:`mainspring.demo.seeders.experiences` writes them through the
experiences actions. Objectives are one per line and start with a measurable verb, so
every path passes the designer's checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mainspring.demo import blueprint as bp
from mainspring.demo import strategy_text as st

# ----------------------------------------------------------------------------- skills

# (code, name, parent code, description); parents first.
SKILLS: tuple[tuple[str, str, str, str], ...] = (
    ("driving", "Professional driving", "", "Driving a commercial vehicle safely and efficiently."),
    (
        "defensive-driving",
        "Defensive driving",
        "driving",
        "Anticipating hazards and keeping a safe space around the vehicle.",
    ),
    (
        "hazard-perception",
        "Hazard perception",
        "defensive-driving",
        "Spotting developing hazards early, in yards and on the road.",
    ),
    (
        "yard-manoeuvring",
        "Yard manoeuvring",
        "defensive-driving",
        "Reversing and coupling at low speed without contact.",
    ),
    (
        "load-securing",
        "Load securing",
        "driving",
        "Restraining a load so it cannot shift in transit.",
    ),
    (
        "vehicle-checks",
        "Vehicle walk-round checks",
        "driving",
        "Checking a vehicle is roadworthy before every shift.",
    ),
    ("warehouse", "Warehouse operations", "", "Receiving, storing, picking and dispatching goods."),
    (
        "scanning",
        "Scanning procedure",
        "warehouse",
        "Scanning item, location and quantity in the order the WMS expects.",
    ),
    (
        "picking-accuracy",
        "Picking accuracy",
        "warehouse",
        "Picking the right item in the right quantity first time.",
    ),
    ("manual-handling", "Manual handling", "warehouse", "Lifting and moving loads without injury."),
    ("selling", "Selling", "", "Winning and growing customer accounts."),
    (
        "consultative-selling",
        "Consultative selling",
        "selling",
        "Uncovering the customer's problem before proposing a solution.",
    ),
    (
        "discovery-questions",
        "Discovery questions",
        "consultative-selling",
        "Asking open questions about the customer's supply chain.",
    ),
    (
        "solution-proposals",
        "Solution proposals",
        "consultative-selling",
        "Turning what the customer said into a priced proposal.",
    ),
    (
        "account-planning",
        "Account planning",
        "selling",
        "Planning how to grow an account over a year.",
    ),
    ("negotiation", "Negotiation", "selling", "Agreeing terms that work for both sides."),
    ("customer-service", "Customer service", "", "Helping customers by phone, e-mail and chat."),
    (
        "service-recovery",
        "Service recovery",
        "customer-service",
        "Turning an unhappy customer around on the first contact.",
    ),
    (
        "complaint-handling",
        "Complaint handling",
        "service-recovery",
        "Logging, owning and closing a complaint.",
    ),
    (
        "first-contact-resolution",
        "First-contact resolution",
        "customer-service",
        "Solving the customer's issue without a follow-up contact.",
    ),
    ("people-leadership", "People leadership", "", "Getting work done through a team."),
    (
        "one-to-ones",
        "One-to-ones",
        "people-leadership",
        "Holding regular, useful one-to-one conversations.",
    ),
    (
        "feedback",
        "Giving feedback",
        "people-leadership",
        "Feedback that is specific, timely and helps.",
    ),
    (
        "coaching",
        "Coaching",
        "people-leadership",
        "Helping someone find and act on their own answer.",
    ),
    (
        "conflict",
        "Handling conflict",
        "people-leadership",
        "Dealing with disagreements before they grow.",
    ),
    (
        "retention",
        "Keeping people",
        "people-leadership",
        "Spotting and acting on the signs that someone may leave.",
    ),
    ("compliance", "Compliance", "", "Following the law and the company's rules."),
    ("data-privacy", "Data privacy", "compliance", "Handling personal data as the law requires."),
    (
        "data-retention",
        "Data retention",
        "data-privacy",
        "Keeping personal data only as long as allowed.",
    ),
    (
        "information-security",
        "Information security",
        "compliance",
        "Keeping systems and data safe from misuse.",
    ),
    ("code-of-conduct", "Code of conduct", "compliance", "Acting as the company's code asks."),
    ("health-safety", "Health and safety", "compliance", "Working safely and keeping others safe."),
    ("digital", "Digital skills", "", "Using the company's systems well."),
    ("wms", "Warehouse management system", "digital", "Using the WMS screens and handhelds."),
    ("crm", "CRM", "digital", "Recording accounts, contacts and opportunities in the CRM."),
)

# job role -> ((skill code, level 1-5), ...)
ROLE_SKILLS: dict[str, tuple[tuple[str, int], ...]] = {
    bp.DRIVER: (
        ("defensive-driving", 4),
        ("hazard-perception", 4),
        ("yard-manoeuvring", 3),
        ("load-securing", 4),
        ("vehicle-checks", 3),
        ("health-safety", 3),
    ),
    bp.DEPOT_LEAD: (
        ("defensive-driving", 4),
        ("load-securing", 4),
        ("coaching", 3),
        ("one-to-ones", 3),
        ("feedback", 3),
        ("retention", 2),
    ),
    bp.PICKER: (("scanning", 3), ("picking-accuracy", 3), ("manual-handling", 3), ("wms", 2)),
    bp.SHIFT_LEAD: (
        ("scanning", 4),
        ("picking-accuracy", 4),
        ("one-to-ones", 3),
        ("feedback", 3),
        ("conflict", 3),
        ("retention", 2),
    ),
    bp.ACCOUNT_EXECUTIVE: (
        ("consultative-selling", 4),
        ("discovery-questions", 4),
        ("solution-proposals", 3),
        ("account-planning", 3),
        ("negotiation", 3),
        ("crm", 3),
        ("data-privacy", 2),
    ),
    bp.SALES_MANAGER: (
        ("consultative-selling", 4),
        ("coaching", 4),
        ("account-planning", 4),
        ("one-to-ones", 3),
    ),
    bp.CUSTOMER_SERVICE_AGENT: (
        ("service-recovery", 3),
        ("complaint-handling", 3),
        ("first-contact-resolution", 3),
        ("data-privacy", 3),
        ("crm", 2),
    ),
    bp.CUSTOMER_SERVICE_TEAM_LEAD: (
        ("service-recovery", 4),
        ("coaching", 3),
        ("one-to-ones", 3),
        ("feedback", 3),
        ("data-privacy", 3),
    ),
    bp.DEPOT_MANAGER: (
        ("people-leadership", 4),
        ("coaching", 4),
        ("retention", 3),
        ("health-safety", 4),
    ),
    bp.WAREHOUSE_MANAGER: (
        ("people-leadership", 4),
        ("coaching", 4),
        ("retention", 3),
        ("picking-accuracy", 3),
    ),
    bp.CONTACT_CENTRE_MANAGER: (("people-leadership", 4), ("coaching", 4), ("data-privacy", 4)),
}

# need title -> skill codes
NEED_SKILLS: dict[str, tuple[str, ...]] = {
    st.SAFE_DRIVING: ("defensive-driving", "hazard-perception", "load-securing"),
    st.SELLING: ("consultative-selling", "discovery-questions", "solution-proposals"),
    st.SELLING_WHY: ("consultative-selling",),
    st.SERVICE: ("service-recovery", "complaint-handling", "first-contact-resolution"),
    st.MANAGERS: ("one-to-ones", "feedback", "coaching", "conflict"),
    st.MANAGERS_WHY: ("people-leadership", "retention"),
    st.PRIVACY: ("data-privacy", "data-retention"),
    st.SCANNING: ("scanning", "picking-accuracy"),
}

# ----------------------------------------------------------------------------- catalogue

PAID_LIBRARY = "OpenSkills Business Library"
PAID_VENDOR = "OpenSkills Learning Ltd"
PAID_ANNUAL_COST = 96_000
PAID_DOMAIN = "https://learn.openskills.example"
PAID_PREFIX = "OSB"
PAID_ITEMS = 3000
OWN_LIBRARY = "Northwind Freight in-house"
OWN_DOMAIN = "https://learning.northwind.example"

TOPICS: tuple[tuple[str, str], ...] = (
    ("Time management", "productivity"),
    ("Project management", "management"),
    ("Presentation skills", "communication"),
    ("Business writing", "communication"),
    ("Negotiation", "sales"),
    ("Consultative selling", "sales"),
    ("Prospecting", "sales"),
    ("Key account management", "sales"),
    ("Customer experience", "service"),
    ("Handling complaints", "service"),
    ("Active listening", "communication"),
    ("Emotional intelligence", "leadership"),
    ("Coaching conversations", "leadership"),
    ("Giving feedback", "leadership"),
    ("Delegation", "leadership"),
    ("Leading remote teams", "leadership"),
    ("Change management", "leadership"),
    ("Strategic thinking", "leadership"),
    ("Decision making", "leadership"),
    ("Conflict resolution", "leadership"),
    ("Finance for non-financial managers", "finance"),
    ("Budgeting", "finance"),
    ("Excel formulas", "digital"),
    ("Data visualisation", "digital"),
    ("Spreadsheet modelling", "digital"),
    ("Cyber security awareness", "compliance"),
    ("Data protection", "compliance"),
    ("Anti-bribery", "compliance"),
    ("Health and safety at work", "compliance"),
    ("Manual handling", "safety"),
    ("Fire safety", "safety"),
    ("Lean operations", "operations"),
    ("Supply chain basics", "operations"),
    ("Inventory management", "operations"),
    ("Warehouse operations", "operations"),
    ("Fleet management", "operations"),
    ("Defensive driving", "safety"),
    ("Wellbeing and resilience", "wellbeing"),
    ("Stress management", "wellbeing"),
    ("Diversity and inclusion", "culture"),
    ("Unconscious bias", "culture"),
    ("Critical thinking", "productivity"),
    ("Problem solving", "productivity"),
    ("Creativity at work", "productivity"),
    ("Agile working", "management"),
    ("Stakeholder management", "management"),
    ("Interviewing candidates", "hr"),
    ("Performance reviews", "hr"),
    ("Onboarding new starters", "hr"),
    ("Mentoring", "leadership"),
)
FORMS: tuple[str, ...] = (
    "{t}: the essentials",
    "{t} in practice",
    "Introduction to {t}",
    "{t} for managers",
    "{t} for new starters",
    "Advanced {t}",
    "{t} in ten minutes",
    "{t}: common mistakes",
    "{t}: a toolkit",
    "{t} for teams",
    "{t}: case studies",
    "{t} refresher",
    "Mastering {t}",
    "{t}: quick wins",
    "{t} for frontline leaders",
)
PROVIDERS = (
    "OpenSkills Studio",
    "Harbour Business School",
    "Brightpath Media",
    "Lumen Academy",
    "Crestline Learning",
    "Fieldnote Podcasts",
)
# (type, min minutes, max minutes, weight)
ITEM_TYPES: tuple[tuple[str, int, int, int], ...] = (
    ("course", 30, 180, 40),
    ("video", 3, 20, 30),
    ("article", 5, 15, 12),
    ("podcast", 15, 45, 6),
    ("book summary", 10, 20, 7),
    ("assessment", 10, 30, 5),
)
# Languages, each with its weight.
LANGUAGES: tuple[tuple[str, int], ...] = (
    ("en", 85),
    ("de", 4),
    ("fr", 4),
    ("es", 3),
    ("nl", 2),
    ("pl", 2),
)
DESCRIBE = (
    "Learn the key ideas of {t} and try them out on realistic cases.",
    "A practical look at {t}, with examples from real workplaces.",
    "Short, focused content on {t} you can apply the same day.",
    "What good {t} looks like, and how to get there step by step.",
)


@dataclass(frozen=True, slots=True)
class Item:
    """A hand-written catalogue item the paths use (``key`` names it in step specs)."""

    key: str
    title: str
    item_type: str
    minutes: int
    description: str
    provider: str = ""
    skills: tuple[str, ...] = ()


# Items of the paid library the learning team chose for its paths (hand-written titles).
PAID_CURATED: tuple[Item, ...] = (
    Item(
        "p-space",
        "Defensive driving: the space cushion",
        "course",
        45,
        "Keep a safe space ahead, behind and to the sides of a heavy vehicle.",
        "OpenSkills Studio",
        ("defensive-driving",),
    ),
    Item(
        "p-load",
        "Load restraint fundamentals",
        "course",
        40,
        "Friction, blocking and lashing: how to restrain a load so it cannot move.",
        "OpenSkills Studio",
        ("load-securing",),
    ),
    Item(
        "p-yard",
        "Reversing safely in confined spaces",
        "video",
        12,
        "Banksmen, mirrors and the get-out-and-look habit.",
        "Brightpath Media",
        ("yard-manoeuvring",),
    ),
    Item(
        "p-discovery",
        "Consultative selling: discovery questions",
        "course",
        60,
        "Open questions that uncover the customer's real problem.",
        "Harbour Business School",
        ("discovery-questions",),
    ),
    Item(
        "p-proposal",
        "From needs to proposal",
        "course",
        50,
        "Turn a discovery conversation into a proposal the customer recognises.",
        "Harbour Business School",
        ("solution-proposals",),
    ),
    Item(
        "p-value",
        "Selling value, not price",
        "video",
        15,
        "Why solution deals grow accounts, and what is in it for the rep.",
        "Brightpath Media",
        ("consultative-selling",),
    ),
    Item(
        "p-account",
        "Account planning in one page",
        "article",
        10,
        "A one-page plan for growing a key account.",
        "Lumen Academy",
        ("account-planning",),
    ),
    Item(
        "p-recovery",
        "Service recovery: owning the fix",
        "course",
        35,
        "Acknowledge, correct, follow through: the service recovery sequence.",
        "Crestline Learning",
        ("service-recovery",),
    ),
    Item(
        "p-angry",
        "Calming an angry customer",
        "video",
        8,
        "Tone, pace and words that lower the temperature.",
        "Brightpath Media",
        ("complaint-handling",),
    ),
    Item(
        "p-manager",
        "The first-time manager's role",
        "course",
        60,
        "What changes when you lead the team you used to be part of.",
        "Harbour Business School",
        ("people-leadership",),
    ),
    Item(
        "p-sbi",
        "Feedback with the SBI model",
        "article",
        12,
        "Situation, behaviour, impact: feedback people can act on.",
        "Lumen Academy",
        ("feedback",),
    ),
    Item(
        "p-stay",
        "Stay interviews",
        "video",
        10,
        "Ask your people why they stay, before they tell you why they leave.",
        "Brightpath Media",
        ("retention",),
    ),
    Item(
        "p-gdpr",
        "Data protection essentials",
        "course",
        30,
        "Personal data, lawful use, retention and breaches, for everyone.",
        "OpenSkills Studio",
        ("data-privacy",),
    ),
    Item(
        "p-phish",
        "Spotting a phishing e-mail",
        "video",
        6,
        "Five signs of a phishing message and what to do with it.",
        "Brightpath Media",
        ("information-security",),
    ),
)

# The company's own content (in-house library).
OWN_ITEMS: tuple[Item, ...] = (
    *(
        Item(
            f"nw-sd-pod-{n}",
            f"Safe Driver podcast {n}: {topic}",
            "podcast",
            12,
            f"A near miss of the month, told by the driver: {topic.lower()}.",
            "Northwind L&D",
            ("defensive-driving",),
        )
        for n, topic in enumerate(
            (
                "Roundabouts in the rain",
                "The reversing bay",
                "Unsecured cages",
                "Early starts and fatigue",
                "Cyclists on the inside",
                "Tail lifts and ramps",
            ),
            start=1,
        )
    ),
    Item(
        "nw-sd-check",
        "Walk-round check card",
        "job aid",
        5,
        "The pre-shift walk-round, in the order you walk it.",
        "Northwind L&D",
        ("vehicle-checks",),
    ),
    Item(
        "nw-sd-load",
        "Load securing: the 20-degree rule",
        "job aid",
        5,
        "How many straps, at what angle, for which load.",
        "Northwind L&D",
        ("load-securing",),
    ),
    Item(
        "nw-sd-coach",
        "In-cab coaching guide for depot leads",
        "guide",
        20,
        "How a certified coach runs a coaching ride and records it.",
        "Northwind L&D",
        ("coaching",),
    ),
    Item(
        "nw-wq-1",
        "Scan the item, not the location",
        "video",
        4,
        "The one rule behind most mis-picks.",
        "Northwind L&D",
        ("scanning",),
    ),
    Item(
        "nw-wq-2",
        "Short picks and substitutions",
        "video",
        5,
        "What to do when the slot is short.",
        "Northwind L&D",
        ("picking-accuracy",),
    ),
    Item(
        "nw-wq-3",
        "Reading the handheld's warnings",
        "video",
        4,
        "The three warnings that mean stop.",
        "Northwind L&D",
        ("wms",),
    ),
    Item(
        "nw-wq-quiz",
        "Scanning procedure check",
        "assessment",
        8,
        "Ten scenarios from our own WMS logs.",
        "Northwind L&D",
        ("scanning",),
    ),
    Item(
        "nw-wq-shelf",
        "Shelf-edge scanning card",
        "job aid",
        2,
        "The scanning order, printed at every pick face.",
        "Northwind L&D",
        ("scanning",),
    ),
    Item(
        "nw-se-calls",
        "Real calls: three recoveries",
        "video",
        15,
        "Recorded calls (with consent) where agents turned a complaint around.",
        "Northwind L&D",
        ("service-recovery",),
    ),
    Item(
        "nw-se-fix",
        "Own the fix: the follow-up checklist",
        "job aid",
        5,
        "Who to call, what to promise, when to call back.",
        "Northwind L&D",
        ("complaint-handling",),
    ),
    Item(
        "nw-sa-roleplay",
        "Sales Academy role-play cases",
        "guide",
        30,
        "Six freight customers with a hidden supply-chain problem.",
        "Northwind L&D",
        ("discovery-questions",),
    ),
    Item(
        "nw-sa-guide",
        "Coaching guide for sales managers",
        "guide",
        20,
        "How to coach a rep after a discovery call.",
        "Northwind L&D",
        ("coaching",),
    ),
    Item(
        "nw-nm-121",
        "One-to-one template",
        "job aid",
        5,
        "A page for the first one-to-ones with each team member.",
        "Northwind L&D",
        ("one-to-ones",),
    ),
    Item(
        "nw-dp-ours",
        "Personal data at Northwind",
        "course",
        25,
        "Where customer and employee data lives here, and the retention rules.",
        "Northwind L&D",
        ("data-privacy", "data-retention"),
    ),
    Item(
        "nw-dp-card",
        "Data privacy: what to do when",
        "job aid",
        5,
        "Spreadsheets, attachments, requests from customers: what to do.",
        "Northwind L&D",
        ("data-privacy",),
    ),
    *(
        Item(f"nw-misc-{n}", title, kind, minutes, description, "Northwind L&D")
        for n, (title, kind, minutes, description) in enumerate(
            (
                (
                    "Welcome to Northwind Freight",
                    "video",
                    10,
                    "Our story, our customers and how we work.",
                ),
                (
                    "Our values in practice",
                    "course",
                    20,
                    "Five values, each with a story from a depot or warehouse.",
                ),
                ("Depot safety induction", "course", 45, "Yard rules, PPE and the emergency plan."),
                (
                    "Warehouse safety induction",
                    "course",
                    45,
                    "Racking, trucks, PPE and the emergency plan.",
                ),
                (
                    "Using the HR self-service portal",
                    "article",
                    5,
                    "Pay slips, leave and personal details.",
                ),
                ("Expenses in five minutes", "video", 5, "How to claim, what is allowed."),
                (
                    "The Northwind customer promise",
                    "article",
                    8,
                    "What we promise customers and how we keep it.",
                ),
                ("Tachograph rules refresher", "course", 30, "Drivers' hours and records."),
                (
                    "Forklift pre-use check",
                    "job aid",
                    3,
                    "The daily check before you drive a truck.",
                ),
                (
                    "CRM: logging an opportunity",
                    "video",
                    6,
                    "Opportunities, stages and next steps in the CRM.",
                ),
                (
                    "Writing a good shift handover",
                    "article",
                    6,
                    "What the next shift needs to know.",
                ),
                (
                    "Mental health first aid: where to get help",
                    "article",
                    5,
                    "Who to call and how to support a colleague.",
                ),
                (
                    "Fuel-efficient driving",
                    "video",
                    10,
                    "Smooth, anticipating driving saves fuel and brakes.",
                ),
                ("Winter driving", "video", 8, "Ice, fog and short days."),
                (
                    "Cold-chain handling",
                    "course",
                    25,
                    "Temperature-controlled goods from dock to van.",
                ),
                (
                    "Dangerous goods awareness",
                    "course",
                    40,
                    "Labels, documents and what not to load together.",
                ),
                (
                    "Recruiting for your team",
                    "guide",
                    15,
                    "From job advert to first day, for leads.",
                ),
                (
                    "Return to work conversations",
                    "guide",
                    10,
                    "After sickness: a supportive conversation.",
                ),
                (
                    "Customer service phone standards",
                    "job aid",
                    3,
                    "Greeting, hold, transfer and close.",
                ),
                (
                    "Lean daily stand-up",
                    "video",
                    7,
                    "A ten-minute stand-up at the start of the shift.",
                ),
            ),
            start=1,
        )
    ),
)

# ----------------------------------------------------------------------------- programs


@dataclass(frozen=True, slots=True)
class ProgramSpec:
    key: str
    title: str
    summary: str
    owner: str  # a learning-team job role
    sponsor: str  # for the cost notes: Program has no sponsor field
    status: str
    cost_model: str
    cost_per_learner: int | None
    needs: tuple[str, ...]
    roles: tuple[str, ...]
    units: tuple[str, ...]
    cost_notes: str = ""


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "safe_driver",
        "Safe Driver",
        "Defensive driving and load securing for every driver: classroom, in-cab coaching, podcast"
        " refreshers and practice on the job, rolled out depot by depot.",
        bp.LEARNING_MANAGER,
        "Operations Director",
        "live",
        "mixed",
        640,
        (st.SAFE_DRIVING,),
        (bp.DRIVER,),
        ("OPS",),
        "Classroom day per driver (facilitator, room, driver's time), coaching rides by certified "
        "depot leads, the bought driving-technique module.",
    ),
    ProgramSpec(
        "sales_academy",
        "Sales Academy",
        "Consultative selling for account executives: vendor e-learning tailored to freight, "
        "regional role plays and coaching by sales managers.",
        bp.INSTRUCTIONAL_DESIGNER,
        "Sales Director",
        "pilot",
        "per_learner",
        1450,
        (st.SELLING, st.SELLING_WHY),
        (bp.ACCOUNT_EXECUTIVE,),
        ("SALES",),
        "Vendor licence per learner plus two role-play days; the vendor delivered ten weeks late.",
    ),
    ProgramSpec(
        "service",
        "Service Excellence",
        "Service recovery for customer service agents: real calls, a virtual workshop, a recovery "
        "on a live case and coaching by team leads.",
        bp.INSTRUCTIONAL_DESIGNER,
        "Customer Service Director",
        "live",
        "per_learner",
        380,
        (st.SERVICE,),
        (bp.CUSTOMER_SERVICE_AGENT,),
        ("CS",),
        "Built in-house from our own calls; agents' time is the main cost.",
    ),
    ProgramSpec(
        "new_manager",
        "New Manager path",
        "First-time leads learn to hold one-to-ones, give feedback and keep their people; cohorts "
        "start at the sites with the highest turnover.",
        bp.LEARNING_MANAGER,
        "Chief Human Resources Officer",
        "live",
        "per_learner",
        1200,
        (st.MANAGERS, st.MANAGERS_WHY),
        (bp.DEPOT_LEAD, bp.SHIFT_LEAD, bp.CUSTOMER_SERVICE_TEAM_LEAD),
        ("OPS", "WH", "CS"),
        "Licensed management curriculum, tailored; coaching by HR business partners.",
    ),
    ProgramSpec(
        "compliance",
        "Annual compliance e-learning",
        "Data privacy essentials, refreshed every year for everyone: the rules, where our data "
        "lives, and a team conversation.",
        bp.LMS_ADMINISTRATOR,
        "Chief Financial Officer",
        "live",
        "fixed",
        18,
        (st.PRIVACY,),
        (),
        (),
        "Fixed: module licence and legal review; about 45 minutes of each person's time.",
    ),
    ProgramSpec(
        "warehouse_quality",
        "Warehouse Quality micro-learning",
        "Five-minute videos, a scenario check and shelf-edge cards on the scanning procedure, "
        "going live warehouse by warehouse.",
        bp.INSTRUCTIONAL_DESIGNER,
        "Warehousing Director",
        "live",
        "fixed",
        22,
        (st.SCANNING,),
        (bp.PICKER,),
        ("WH",),
        "Built in-house; the scanner site goes live only after its new scanners.",
    ),
    ProgramSpec(
        "onboarding",
        "Onboarding: the first month",
        "Every new colleague's first month: welcome, values, safety, a buddy, a first real task "
        "and a check-in.",
        bp.LEARNING_COORDINATOR,
        "Chief Human Resources Officer",
        "live",
        "per_learner",
        150,
        (),
        (),
        (),
    ),
    ProgramSpec(
        "champions",
        "Learning champions",
        "A named champion per site who books sessions, hosts refreshers and feeds back what works.",
        bp.FACILITATOR,
        "Chief Operating Officer",
        "idea",
        "fixed",
        None,
        (st.SAFE_DRIVING, st.SCANNING, st.MANAGERS_WHY),
        (),
        ("OPS", "WH"),
    ),
    ProgramSpec(
        "team_lead_coaching",
        "Coaching skills for customer-service team leads",
        "Team leads learn to coach agents from call recordings; designed after Service Excellence "
        "wave A.",
        bp.INSTRUCTIONAL_DESIGNER,
        "Customer Service Director",
        "design",
        "per_learner",
        420,
        (st.SERVICE,),
        (bp.CUSTOMER_SERVICE_TEAM_LEAD,),
        ("CS",),
    ),
    ProgramSpec(
        "driver_workshop",
        "Three-day driver safety workshop",
        "The old classroom-only workshop, replaced by Safe Driver: nobody becomes an expert in "
        "three days.",
        bp.FACILITATOR,
        "Operations Director",
        "retired",
        "per_session",
        910,
        (st.SAFE_DRIVING,),
        (bp.DRIVER,),
        ("OPS",),
    ),
)

# ----------------------------------------------------------------------------- paths


@dataclass(frozen=True, slots=True)
class StepSpec:
    title: str
    method: str
    minutes: int
    focus: str
    objectives: str
    waits: tuple[int, ...] = ()
    due: int | None = None
    item: str = ""  # an Item key
    activity: str = ""
    required: bool = True
    scored: bool = False  # an assessed step: passed or failed with a score
    skills: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PathSpec:
    program: str
    title: str
    description: str
    audience: str
    roles: tuple[str, ...]
    steps: tuple[StepSpec, ...] = ()
    template: str = ""  # copy this template kind, then add ``steps``
    extra: tuple[StepSpec, ...] = field(default=())


PATHS: tuple[PathSpec, ...] = (
    PathSpec(
        "safe_driver",
        "Safe Driver: defensive driving and load securing",
        "Drivers anticipate hazards and secure every load, every time: a classroom day, coaching "
        "in the cab, refreshers on the move and practice on every shift.",
        "Every driver, depot by depot.",
        (bp.DRIVER,),
        (
            StepSpec(
                "Hazard perception in the yard and on the road",
                "classroom",
                240,
                "skill",
                "Identify the five commonest hazards in a depot yard\nDemonstrate the "
                "space-cushion technique on the training circuit",
                due=14,
                item="p-space",
                skills=("hazard-perception", "defensive-driving"),
            ),
            StepSpec(
                "Load restraint fundamentals",
                "elearning",
                40,
                "knowledge",
                "Calculate how many straps a load needs\nSelect the right restraint for pallets, "
                "cages and loose items",
                due=14,
                item="p-load",
                scored=True,
                skills=("load-securing",),
            ),
            StepSpec(
                "Secure a mixed load on your own vehicle",
                "application_exercise",
                60,
                "skill",
                "Secure a mixed load to the standard without help\nRecord the check on the vehicle"
                " sheet",
                waits=(1,),
                due=30,
                item="nw-sd-load",
                skills=("load-securing",),
            ),
            StepSpec(
                "In-cab coaching ride",
                "coaching",
                120,
                "skill",
                "Apply hazard anticipation on a live route with a certified coach\nAgree two "
                "driving habits to change",
                waits=(0,),
                due=45,
                item="nw-sd-coach",
                skills=("defensive-driving",),
            ),
            StepSpec(
                "Safe Driver podcast refreshers",
                "podcast",
                36,
                "knowledge",
                "Describe the near miss of the month and what would have prevented it",
                waits=(0,),
                due=60,
                item="nw-sd-pod-1",
                required=False,
            ),
            StepSpec(
                "Debrief with your depot lead",
                "manager_discussion",
                30,
                "motivation",
                "Review your incident and near-miss record with your depot lead\nAgree one safety "
                "goal for the next quarter",
                waits=(2, 3),
                due=60,
            ),
            StepSpec(
                "Walk-round check on every shift",
                "on_the_job",
                240,
                "skill",
                "Perform the walk-round check before every shift for four weeks",
                waits=(5,),
                due=90,
                item="nw-sd-check",
                skills=("vehicle-checks",),
            ),
        ),
    ),
    PathSpec(
        "sales_academy",
        "Sales Academy: consultative selling",
        "Account executives uncover the customer's problem before proposing a solution, and see "
        "what is in it for them.",
        "Account executives who sign up; sales managers coach them.",
        (bp.ACCOUNT_EXECUTIVE,),
        (
            StepSpec(
                "Why solution deals pay",
                "video",
                15,
                "motivation",
                "Compare the commission on a lane deal and a solution deal over a year",
                due=7,
                item="p-value",
            ),
            StepSpec(
                "Discovery questions",
                "elearning",
                60,
                "knowledge",
                "Identify open questions about a customer's supply chain\nDistinguish a symptom "
                "from the customer's problem",
                due=21,
                item="p-discovery",
                scored=True,
                skills=("discovery-questions",),
            ),
            StepSpec(
                "From needs to proposal",
                "elearning",
                50,
                "knowledge",
                "Draft a proposal that restates the customer's problem in their words",
                waits=(1,),
                due=28,
                item="p-proposal",
                skills=("solution-proposals",),
            ),
            StepSpec(
                "Regional role-play workshop",
                "classroom",
                360,
                "skill",
                "Conduct a discovery conversation with a role-play customer\nPresent a solution to"
                " the customer's hidden problem",
                waits=(1, 2),
                due=45,
                item="nw-sa-roleplay",
                skills=("consultative-selling",),
            ),
            StepSpec(
                "Discovery call with a real account",
                "application_exercise",
                90,
                "skill",
                "Run a discovery call with one of your accounts\nRecord the customer's problem in "
                "the CRM",
                waits=(3,),
                due=60,
                skills=("discovery-questions", "crm"),
            ),
            StepSpec(
                "Coaching by your sales manager",
                "coaching",
                45,
                "skill",
                "Analyse the discovery call with your manager\nAgree one question to add to your "
                "next call",
                waits=(4,),
                due=75,
                item="nw-sa-guide",
            ),
            StepSpec(
                "Deal reviews with peers",
                "community",
                60,
                "motivation",
                "Share one solution deal and what made it work",
                waits=(4,),
                due=90,
                required=False,
            ),
            StepSpec(
                "Account plan",
                "application_exercise",
                60,
                "skill",
                "Write a one-page growth plan for your largest account",
                waits=(5,),
                due=90,
                item="p-account",
                skills=("account-planning",),
            ),
        ),
    ),
    PathSpec(
        "service",
        "Service Excellence: service recovery",
        "Agents turn an unhappy customer around on the first contact and own the fix until it is "
        "done.",
        "Customer service agents, team by team in two waves.",
        (bp.CUSTOMER_SERVICE_AGENT,),
        (
            StepSpec(
                "Real calls: three recoveries",
                "video",
                15,
                "motivation",
                "Describe what the agent did that turned each call around",
                due=7,
                item="nw-se-calls",
            ),
            StepSpec(
                "Service recovery: owning the fix",
                "elearning",
                35,
                "knowledge",
                "Explain the acknowledge, correct, follow-through sequence\nIdentify the fix you "
                "own on a complaint",
                due=14,
                item="p-recovery",
                scored=True,
                skills=("service-recovery",),
            ),
            StepSpec(
                "Recovery workshop",
                "virtual_classroom",
                120,
                "skill",
                "Handle three complaint calls in role play to the recovery standard",
                waits=(1,),
                due=21,
                skills=("complaint-handling",),
            ),
            StepSpec(
                "Calming an angry customer",
                "video",
                8,
                "skill",
                "Use three phrases that lower the temperature of a call",
                due=21,
                item="p-angry",
                required=False,
            ),
            StepSpec(
                "Own a live complaint to the end",
                "application_exercise",
                60,
                "skill",
                "Resolve one live complaint on the first contact\nCheck the fix with the customer "
                "within 48 hours",
                waits=(2,),
                due=35,
                item="nw-se-fix",
                skills=("first-contact-resolution",),
            ),
            StepSpec(
                "Call listening with your team lead",
                "coaching",
                45,
                "skill",
                "Review two of your recorded calls with your team lead\nAgree one change to how "
                "you open a complaint call",
                waits=(4,),
                due=49,
            ),
            StepSpec(
                "Recovery stories circle",
                "community",
                30,
                "motivation",
                "Share one recovery story with your team",
                waits=(4,),
                due=60,
                required=False,
            ),
        ),
    ),
    PathSpec(
        "new_manager",
        "New Manager path: leading your first team",
        "From the best operator to the people's manager: one-to-ones, feedback, coaching and "
        "keeping your people.",
        "Depot leads, shift leads and customer-service team leads, site by site.",
        (bp.DEPOT_LEAD, bp.SHIFT_LEAD, bp.CUSTOMER_SERVICE_TEAM_LEAD),
        template="new_manager",
        extra=(
            StepSpec(
                "Stay conversations with your team",
                "application_exercise",
                90,
                "skill",
                "Hold a stay conversation with three team members\nRecord one action for each",
                waits=(2,),
                due=60,
                item="p-stay",
                skills=("retention",),
            ),
        ),
    ),
    PathSpec(
        "compliance",
        "Data privacy essentials (annual)",
        "The rules for personal data, where ours lives, and what they mean in your team. Every "
        "year, for everyone.",
        "Everyone, every year; new colleagues when they join.",
        (),
        (
            StepSpec(
                "Data protection essentials",
                "elearning",
                30,
                "knowledge",
                "Recognise personal data in your daily work\nExplain the lawful reasons to use it",
                due=21,
                item="p-gdpr",
                scored=True,
                skills=("data-privacy",),
            ),
            StepSpec(
                "Personal data at Northwind",
                "elearning",
                25,
                "knowledge",
                "Name the systems that hold customer and employee data\nState the retention rule "
                "for your team's records",
                due=21,
                item="nw-dp-ours",
                skills=("data-retention",),
            ),
            StepSpec(
                "Spotting a phishing e-mail",
                "video",
                6,
                "knowledge",
                "Identify five signs of a phishing message",
                due=21,
                item="p-phish",
                required=False,
            ),
            StepSpec(
                "Data privacy: what to do when",
                "job_aid",
                5,
                "skill",
                "Follow the card when a customer asks for their data",
                waits=(0,),
                due=28,
                item="nw-dp-card",
            ),
            StepSpec(
                "What this means in our team",
                "manager_discussion",
                20,
                "motivation",
                "Agree two data practices the team will follow",
                waits=(0, 1),
                due=30,
                required=False,
            ),
        ),
    ),
    PathSpec(
        "warehouse_quality",
        "Warehouse Quality: the scanning procedure",
        "Pickers scan the item, not the location, and know what to do when the handheld warns: "
        "five minutes at a time, at the pick face.",
        "Pickers, warehouse by warehouse.",
        (bp.PICKER,),
        (
            StepSpec(
                "Scan the item, not the location",
                "video",
                4,
                "knowledge",
                "Describe the scanning order the WMS expects",
                due=7,
                item="nw-wq-1",
                skills=("scanning",),
            ),
            StepSpec(
                "Short picks and substitutions",
                "video",
                5,
                "knowledge",
                "Explain what to do when a slot is short",
                due=7,
                item="nw-wq-2",
            ),
            StepSpec(
                "Reading the handheld's warnings",
                "video",
                4,
                "knowledge",
                "Identify the three warnings that mean stop",
                due=10,
                item="nw-wq-3",
            ),
            StepSpec(
                "Scanning procedure check",
                "elearning",
                8,
                "knowledge",
                "Solve ten picking scenarios from our own WMS logs",
                waits=(0, 1, 2),
                due=14,
                item="nw-wq-quiz",
                scored=True,
            ),
            StepSpec(
                "Shelf-edge card at the pick face",
                "job_aid",
                2,
                "skill",
                "Follow the scanning card on every pick for a week",
                waits=(0,),
                due=14,
                item="nw-wq-shelf",
            ),
            StepSpec(
                "Observed picks with your shift lead",
                "on_the_job",
                30,
                "skill",
                "Perform twenty picks without a scanning error while observed",
                waits=(3, 4),
                due=21,
                skills=("picking-accuracy",),
            ),
        ),
    ),
    PathSpec(
        "onboarding",
        "Onboarding: the first month at Northwind",
        "Welcome a new colleague: the company, the team, safety and the first real work.",
        "Everyone who joins, from their first day.",
        (),
        template="onboarding",
    ),
)
