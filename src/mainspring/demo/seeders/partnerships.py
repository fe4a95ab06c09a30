"""The partnerships seeder: the learning leader's first-60-days relationship register.

About fifteen stakeholders at every level (senior leaders from the org registry,
peers across functions, the L&D team, external customers), in different health, each
with one to five engagements over the last six months and exactly three overdue next
steps. The Operations Director is the sponsor who changed their mind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from mainspring.org.actions import (
    StakeholderData,
    complete_next_step,
    create_stakeholder,
    log_engagement,
)
from mainspring.org.models import (
    EngagementKind,
    Person,
    RelationshipHealth,
    Role,
    StakeholderCategory,
    User,
)

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

H = RelationshipHealth
C = StakeholderCategory


@dataclass(frozen=True, slots=True)
class Spec:
    key: str  # a KeyPeople attribute, an L&D job role, or "" for an external customer
    category: str
    health: str
    value_to_them: str
    value_to_us: str
    name: str = ""
    organisation: str = ""
    notes: str = ""
    overdue: str = ""  # the next step left hanging, for the three overdue follow-ups


SPECS: tuple[Spec, ...] = (
    Spec(
        "ceo",
        C.SENIOR_LEADERSHIP,
        H.GOOD,
        "A workforce ready for the growth plan.",
        "Air cover and a seat at the strategy review.",
    ),
    Spec(
        "coo",
        C.SENIOR_LEADERSHIP,
        H.STRONG,
        "Fewer incidents without pulling drivers off the road.",
        "Access to depot data and managers' time.",
        overdue="Send the safety programme one-pager",
    ),
    Spec(
        "operations_director",
        C.SENIOR_LEADERSHIP,
        H.AT_RISK,
        "Onboarding that gets new drivers productive faster.",
        "Sponsorship of the driver academy.",
        notes="Sponsored the driver academy in spring, then changed their mind after the "
        "budget review: wants on-the-job coaching instead.",
    ),
    Spec(
        "sales_director",
        C.SENIOR_LEADERSHIP,
        H.GOOD,
        "Account executives who sell value, not price.",
        "Win/loss data to measure impact.",
    ),
    Spec(
        "warehousing_director",
        C.SENIOR_LEADERSHIP,
        H.POOR,
        "Pickers up to speed before peak season.",
        "Shift time for training.",
        overdue="Book a walk of the new warehouse",
    ),
    Spec(
        "customer_service_director",
        C.SENIOR_LEADERSHIP,
        H.GOOD,
        "Consistent complaint handling across contact centres.",
        "Call quality scores.",
    ),
    Spec(
        "chro",
        C.PEER,
        H.STRONG,
        "Skills data for workforce planning.",
        "HRIS data and a shared onboarding journey.",
    ),
    Spec(
        "cfo",
        C.PEER,
        H.AT_RISK,
        "Evidence that learning spend pays back.",
        "Cost data and sign-off on the ROI method.",
        overdue="Share the ROI method draft",
    ),
    Spec(
        "Learning Manager",
        C.WITHIN_LD,
        H.STRONG,
        "A clear strategy and room to lead.",
        "Day-to-day running of the portfolio.",
    ),
    Spec(
        "Instructional Designer",
        C.WITHIN_LD,
        H.GOOD,
        "Time with subject experts.",
        "Courses built to the new standard.",
    ),
    Spec(
        "Facilitator",
        C.WITHIN_LD,
        H.GOOD,
        "Feedback and a say in the programme design.",
        "Eyes and ears in the classroom.",
    ),
    Spec(
        "",
        C.CUSTOMER,
        H.STRONG,
        "Drivers certified for their dangerous-goods contract.",
        "A reference customer for the academy.",
        name="Maria Lindqvist",
        organisation="Baltic Retail Group",
    ),
    Spec(
        "",
        C.CUSTOMER,
        H.GOOD,
        "Trained staff at the shared cross-dock.",
        "Joint sessions that fill our classrooms.",
        name="Tom Okafor",
        organisation="Harbourside Foods",
    ),
    Spec(
        "",
        C.CUSTOMER,
        H.AT_RISK,
        "Fewer damaged deliveries.",
        "Complaint data to target training.",
        name="Priya Natarajan",
        organisation="Meridian Pharmacy",
    ),
    Spec(
        "",
        C.CUSTOMER,
        H.POOR,
        "Faster onboarding of their own dispatchers.",
        "A paying training contract.",
        name="Jonas Weber",
        organisation="Alpine Outdoor",
    ),
)

KINDS = (EngagementKind.MEETING, EngagementKind.CALL, EngagementKind.EMAIL, EngagementKind.WORKSHOP)
STEPS = (
    "Send the notes and agreed actions",
    "Propose a pilot",
    "Share last quarter's results",
    "Set up the next check-in",
)


def seed(ctx: SeedContext) -> None:
    """Write the partnership register and its engagement log, as of ``ctx.today``."""
    rng = ctx.rng_for("partnerships")
    key = ctx.registry["org"].key_people
    team: dict[str, list[str]] = ctx.registry["learning_team"]
    owner = User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk").first()
    for spec in SPECS:
        person = None
        if spec.key:
            hris_id = getattr(key, spec.key, None) or team[spec.key][0]
            person = Person.objects.select_related("org_unit").get(hris_id=hris_id)
        stakeholder = create_stakeholder(
            actor=owner,
            data=StakeholderData(
                category=spec.category,
                person=person,
                name=spec.name,
                organisation=spec.organisation,
                org_unit=person.org_unit if person else None,
                value_to_them=spec.value_to_them,
                value_to_us=spec.value_to_us,
                health=spec.health,
                owner=owner,
                notes=spec.notes,
            ),
        )
        count = rng.randint(1, 5)
        days = sorted(rng.sample(range(7, 180), count), reverse=True)
        for i, ago in enumerate(days):
            on = ctx.today - timedelta(days=ago)
            last = i == count - 1
            if last and spec.overdue:
                step, due = spec.overdue, ctx.today - timedelta(days=rng.randint(3, 5))
                on = min(on, due - timedelta(days=3))
            else:
                step, due = rng.choice(STEPS), on + timedelta(days=14)
            if last and not spec.overdue:
                due = ctx.today + timedelta(days=rng.randint(30, 60))
            engagement = log_engagement(
                actor=owner,
                stakeholder=stakeholder,
                on=on,
                kind=rng.choice(KINDS),
                notes=f"Talked through {spec.value_to_them.lower().rstrip('.')}.",
                next_step=step,
                next_step_due=due,
            )
            if not last:
                complete_next_step(actor=owner, engagement=engagement)
