"""Hand-written content of the demo's evaluation: plans, and what people wrote in surveys."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PlanText:
    leading_indicators: str = ""
    critical_behaviours: str = ""
    required_drivers: str = ""
    learning_objectives: str = ""
    reaction_focus: str = ""
    isolation_method: str = "none"
    roi_in_scope: bool = False
    intangibles: str = ""
    data_sources: str = ""
    timing: str = ""
    with_target: bool = True


PLANS: dict[str, PlanText] = {
    "safe_driver": PlanText(
        leading_indicators="Near-miss reports filed per depot\nWalk-round checks logged in the"
        " handheld\nIn-cab coaching rides completed",
        critical_behaviours="Walk round the vehicle before every shift and log the check\n"
        "Secure every mixed load with the four-point restraint\nKeep a four-second gap in"
        " wet weather and at night",
        required_drivers="Depot lead checks one load per driver per week\nMonthly in-cab"
        " coaching ride\nSafety moment at the start of each shift\nRecognition for"
        " incident-free quarters",
        learning_objectives="Name the five hazards of the yard and how to avoid each\n"
        "Secure a mixed load to the standard within 10 minutes\nExplain when to refuse an"
        " unsafe load, and to whom",
        reaction_focus="Relevance to their own routes and vehicles; whether the coaching felt"
        " like help, not inspection.",
        isolation_method="comparison_group",
        roi_in_scope=True,
        intangibles="Drivers' sense that the company cares about their safety\nFewer"
        " customer complaints about damaged goods",
        data_sources="Incident system (monthly by depot), LMS scores for the load-restraint"
        " check, surveys, walk-round check logs",
        timing="L1 on the day of the classroom session or coaching ride; L3 learner and depot"
        " lead follow-ups at 60-90 days; incidents monthly for 12 months after each depot"
        " starts (staggered rollout: depots not yet started are the comparison group).",
    ),
    "sales_academy": PlanText(
        leading_indicators="Discovery calls logged in the CRM\nProposals with a written"
        " needs summary\nPipeline value of solution deals",
        critical_behaviours="Open every new-account call with discovery questions, not the"
        " price list\nWrite the customer's needs into every proposal\nReview each deal over"
        " 20,000 with a peer before sending",
        required_drivers="Sales manager joins one call per rep per month and coaches after it\n"
        "Deal reviews in the weekly team meeting\nCommission plan counts multi-service deals",
        learning_objectives="Ask open discovery questions that uncover the customer's cost of"
        " delay\nTurn a needs summary into a proposal with two options\nHandle the price"
        " objection without discounting first",
        reaction_focus="Relevance to their own accounts; realism of the role plays.",
        isolation_method="comparison_group",
        roi_in_scope=True,
        intangibles="Customer relationships at account level\nReps' confidence with senior buyers",
        data_sources="Revenue per rep from the finance system (monthly), CRM activity,"
        " e-learning scores, surveys of reps and sales managers",
        timing="L1 after the role-play workshop; L3 at 90 days; revenue monthly for 12 months."
        " Reps chose to enrol, so the comparison matches on revenue before the start.",
    ),
    "service": PlanText(
        leading_indicators="Complaints closed at first contact\nCallbacks made within the"
        " promised hour",
        critical_behaviours="Own the complaint to the end: one agent, one name, one promise\n"
        "Apologise, fix, and follow up within the promised time\nLog the root cause in the"
        " complaint record",
        required_drivers="Weekly call listening with the team lead\nA recovery budget agents"
        " may spend without asking\nRecovery stories shared in the team huddle",
        learning_objectives="Use the four-step recovery on a live call\nCalm an angry customer"
        " without promising what we cannot do",
        reaction_focus="Whether the workshop used real calls; confidence to use it the same day.",
        isolation_method="randomised",
        roi_in_scope=True,
        intangibles="Customer goodwill and referrals\nAgents' pride in their work",
        data_sources="Complaints per 1,000 shipments by team (monthly), call-listening"
        " scores, surveys of agents and team leads",
        timing="L1 after the virtual workshop; L3 at 60-90 days; complaints monthly. Teams"
        " were drawn by lot into wave A and wave B: wave B is the control until it starts.",
    ),
    "new_manager": PlanText(
        leading_indicators="One-to-ones held every fortnight\nStay conversations held with"
        " each team member\nEngagement pulse score of the team",
        critical_behaviours="Hold a one-to-one with every team member every two weeks\n"
        "Give specific feedback within a day of what they saw\nHold a stay conversation"
        " with each person within their first 90 days as manager",
        required_drivers="Their own manager reviews one-to-one notes monthly\nNew managers'"
        " circle meets monthly\nHR business partner checks in at 30 and 90 days",
        learning_objectives="Plan and run a one-to-one with a clear agenda\nGive feedback"
        " using situation, behaviour, impact\nSpot the early signs someone may leave",
        reaction_focus="Relevance to their first months as a manager; whether the coaching"
        " used their own cases.",
        isolation_method="comparison_group",
        roi_in_scope=True,
        intangibles="Team morale\nManagers' confidence in difficult conversations",
        data_sources="Voluntary turnover by team from HR (monthly), one-to-one logs, surveys"
        " of new managers and their own managers",
        timing="L1 after the virtual classroom and the coaching; L3 at 90 days; turnover"
        " monthly for 12 months. Struggling teams went first, so the naive comparison misleads:"
        " compare each cohort with teams that started later.",
    ),
    "warehouse_quality": PlanText(
        leading_indicators="Warnings overridden on the handhelds\nShort picks flagged"
        " instead of substituted",
        critical_behaviours="Scan the item, never the location label\nFlag a short pick"
        " instead of substituting",
        required_drivers="Shift lead observes five picks per picker per week\nShelf-edge card"
        " at every pick face",
        learning_objectives="Follow the scanning procedure step by step\nRead the handheld's"
        " three warnings and act on each",
        reaction_focus="Whether the videos fit into a shift; relevance to their own aisle.",
        isolation_method="comparison_group",
        roi_in_scope=True,
        intangibles="Fewer customer returns handled by service",
        data_sources="Rework rate by warehouse (monthly), handheld logs, procedure check"
        " scores, surveys",
        timing="L1 after the procedure check; L3 at 60-90 days; rework monthly. The site with"
        " broken scanners is excluded: its problem was not a learning one.",
    ),
    "compliance": PlanText(
        learning_objectives="Recognise personal data in daily work\nReport a suspected"
        " breach within one hour\nSpot a phishing e-mail",
        reaction_focus="Whether it felt relevant to their own job, or like a box to tick.",
        isolation_method="trend_line",
        roi_in_scope=True,
        data_sources="Audit findings (yearly), e-learning scores, L1 survey",
        with_target=False,
    ),
}


@dataclass(frozen=True, slots=True)
class Comment:
    program: str
    level: int  # 1 or 3
    text: str
    consent: str = ""  # "", "named" or "anonymous"
    manager: bool = False  # written by a manager in a level 3 follow-up


COMMENTS: tuple[Comment, ...] = (
    # --- Safe Driver
    Comment("safe_driver", 1, "The yard walk-round was the best hour of training I have had in"
            " twelve years of driving. We saw things on our own trailers we walk past every day.",
            "named"),
    Comment("safe_driver", 1, "Good to practise the load restraint on a real trailer instead of"
            " watching slides. More time on the curtain-siders please.", "anonymous"),
    Comment("safe_driver", 1, "The coaching ride felt like help, not a test. Mark pointed out I"
            " brake late at roundabouts and he was right.", "named"),
    Comment("safe_driver", 1, "Classroom started 40 minutes late because the projector did not"
            " work. Then we rushed the last part."),
    Comment("safe_driver", 1, "Too much about company policy, not enough about night driving,"
            " which is where I feel least safe."),
    Comment("safe_driver", 3, "I do the walk-round every shift now. Found a cracked mirror mount"
            " last month before it came off on the motorway.", "anonymous"),
    Comment("safe_driver", 3, "Hard to keep the four-second gap when the schedule is this tight."
            " The routes need another look, not just the drivers."),
    Comment("safe_driver", 3, "He checks every load now, and asks the others to. The team has"
            " had no restraint faults since March.", "named", manager=True),
    # --- Sales Academy
    Comment("sales_academy", 1, "The role plays with real account scenarios were worth the trip."
            " I used the discovery questions the next morning.", "named"),
    Comment("sales_academy", 1, "The e-learning modules repeat what any experienced rep already"
            " does. Let us test out of them."),
    Comment("sales_academy", 1, "Would have liked more on handling procurement departments. They"
            " ignore value and only compare prices."),
    Comment("sales_academy", 3, "Closed a three-year contract with a retailer after changing how"
            " I open the first meeting. The needs summary made the proposal easy.", "anonymous"),
    Comment("sales_academy", 3, "My manager has not joined a call since the course. Without"
            " coaching the habits slip."),
    Comment("sales_academy", 3, "She prepares every call now, but the pipeline has not changed"
            " much yet. Early days.", manager=True),
    # --- Service Excellence
    Comment("service", 1, "Listening to real calls from our own team made it click. I recognised"
            " my own voice in one of the bad examples!", "named"),
    Comment("service", 1, "The virtual workshop was too long for one sitting; two shorter"
            " sessions would work better on shift."),
    Comment("service", 1, "Finally a course that admits customers are sometimes right to be"
            " angry.", "anonymous"),
    Comment("service", 3, "Being allowed to spend up to 50 on a recovery without asking changed"
            " everything. Customers notice when you can just fix it.", "named"),
    Comment("service", 3, "Call listening with my team lead was cancelled three weeks in a row"
            " because of queue pressure."),
    Comment("service", 3, "Complaints in his queue close faster and fewer come back. He now"
            " coaches the newer agents.", "anonymous", manager=True),
    # --- New Manager path
    Comment("new_manager", 1, "I wish I had done this before my first week as a manager, not"
            " four months in.", "named"),
    Comment("new_manager", 1, "The coaching on a real case from my own team was worth more than"
            " the whole reading list.", "anonymous"),
    Comment("new_manager", 1, "The virtual classroom had 25 people; too many to practise"
            " feedback properly."),
    Comment("new_manager", 3, "The stay conversations were awkward at first. Two people told me"
            " things I would never have heard otherwise, and both are still here.", "named"),
    Comment("new_manager", 3, "One-to-ones every two weeks are hard with a team of 18 on three"
            " shifts. Something has to give."),
    Comment("new_manager", 3, "Her one-to-ones are regular now and her team's sickness absence"
            " is down. I have asked her to mentor the next cohort.", "named", manager=True),
    # --- Warehouse Quality
    Comment("warehouse_quality", 1, "Short and to the point. Watched it on the break and it fits"
            " exactly what we do at the pick face.", "anonymous"),
    Comment("warehouse_quality", 1, "The videos are fine but the handhelds in aisle 12 still do"
            " not read the labels. Training will not fix that."),
    Comment("warehouse_quality", 3, "The shelf-edge cards help the agency staff most; they did"
            " not know the warnings meant anything."),
    # --- Annual compliance
    Comment("compliance", 1, "Same course as last year. I clicked through it in ten minutes."),
    Comment("compliance", 1, "Examples are all about office work. Drivers handle delivery notes"
            " with customers' names too: show us that."),
    Comment("compliance", 1, "The phishing part was useful; I reported a fake invoice e-mail the"
            " week after.", "anonymous"),
    Comment("compliance", 1, "Forty minutes on a tablet in the canteen with no headphones is not"
            " training."),
)  # fmt: skip

BARRIERS: dict[str, tuple[str, ...]] = {
    "safe_driver": ("Schedules too tight to keep the gaps", "Old trailers without the new"
                    " restraint points", "No time for the walk-round on early starts"),
    "sales_academy": ("No coaching from my manager since", "Procurement only looks at price",
                      "CRM does not have a field for the needs summary"),
    "service": ("Queue pressure cancels call listening", "Recovery budget not known on night"
                " shift"),
    "new_manager": ("Too many direct reports for fortnightly one-to-ones", "Shift patterns make"
                    " meetings hard"),
    "warehouse_quality": ("Handhelds that do not scan", "Agency staff change every week"),
}  # fmt: skip
