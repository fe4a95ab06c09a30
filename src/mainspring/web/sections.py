"""The product's sections, in the order of the navigation, and who sees each.

Strategy, experiences, impact and (its budget so far) the factory are built; the others are
filled by later releases and show, until then, what they will hold, so the shell is honest
about what exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mainspring.org import permissions
from mainspring.org.models import Role

ALL_ROLES = frozenset(Role.values)
LD = frozenset({Role.LEADER, Role.STAFF})


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    title: str
    roles: frozenset[str]
    summary: str
    will_hold: tuple[str, ...]
    url_name: str = ""  # the section's real home, once it is built


SECTIONS: tuple[Section, ...] = (
    Section(
        "strategy",
        "Strategy",
        LD | {Role.EXECUTIVE, Role.STAKEHOLDER},
        "Learn the business first: goals, the KPIs leadership watches, and the learning "
        "needs behind them, written up as a learning strategy.",
        (
            "Business goals and their KPIs, with observations over time",
            "Learning needs: knowledge, skill or motivation gaps, or not a learning problem",
            "Stakeholder partnerships and a first-60-days plan",
            "The learning strategy document, versioned, with checks and exports",
        ),
        "strategy:index",
    ),
    Section(
        "experiences",
        "Experiences",
        LD | {Role.LEARNER, Role.STAKEHOLDER},
        "Learning paths per role: sequenced chunks with objectives and a blended mix of "
        "delivery methods, curated rather than a library thrown at people.",
        (
            "Programs tied to learning needs",
            "Learning paths and the path designer",
            "A curated catalogue",
            "Assignment rules, enrolments and progress",
            "My learning, for every learner",
        ),
        "experiences:index",
    ),
    Section(
        "technology",
        "Technology",
        LD | {Role.EXECUTIVE},
        "Learning technology that follows from the strategy and nothing more.",
        (
            "Systems inventory",
            "Requirements from the strategy",
            "Current versus desired state, gaps and actions",
        ),
    ),
    Section(
        "factory",
        "Factory",
        # Stakeholders come in to submit and follow their requests (the board sends them
        # to their requests); the rest of the factory is L&D's and executives'.
        LD | {Role.EXECUTIVE, Role.STAKEHOLDER},
        "The learning factory: requests in, priorities set in the open, projects run on "
        "written standards.",
        (
            "Intake of requests and triage",
            "Prioritisation across departments",
            "Projects, critical path and reviews",
            "Team capacity, vendors and budget",
        ),
        "factory:index",
    ),
    Section(
        "impact",
        "Impact",
        LD | {Role.EXECUTIVE, Role.STAKEHOLDER},
        "Evaluation at every level and an honest estimate of what learning did to "
        "business KPIs, turned into ROI against fully loaded costs.",
        (
            "Evaluation plans and surveys",
            "Impact studies with intervals and evidence grades",
            "ROI",
            "Management reports",
        ),
        "impact:index",
    ),
    Section(
        "outreach",
        "Outreach",
        LD | {Role.EXECUTIVE},
        "Marketing the learning function with its live results.",
        ("Stories and testimonials", "Newsletters", "The annual report"),
    ),
)


def visible_to(user: Any) -> list[Section]:
    """Return the sections a user sees in the navigation."""
    role = permissions.role_of(user)
    return [s for s in SECTIONS if role in s.roles]


def get(slug: str) -> Section | None:
    """Return the section with this slug, if there is one."""
    return next((s for s in SECTIONS if s.slug == slug), None)
