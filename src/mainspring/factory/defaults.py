"""What a fresh install's factory starts from: ADDIE and SAM, the standards, the competencies.

:func:`ensure_defaults` copies :mod:`mainspring.factory.process`'s templates into the
database (where the team edits them) and adds the team's competency model. It only adds
what is missing, so it is safe to call again and never overwrites the team's edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from mainspring.factory import process
from mainspring.factory.models import Competency, ProcessTemplate, StandardDocument, TemplateTask


@dataclass(frozen=True, slots=True)
class CompetencyDefault:
    code: str
    name: str
    area: str
    description: str
    leadership: bool = False


# The L&D team's competency model. Task skills in the templates name these codes.
COMPETENCIES: tuple[CompetencyDefault, ...] = (
    CompetencyDefault(
        "consulting",
        "Performance consulting",
        "Business partnering",
        "Finds the business problem behind a request and whether learning can solve it.",
    ),
    CompetencyDefault(
        "instructional-design",
        "Instructional design",
        "Design",
        "Turns objectives into a blended path: methods, sequence, practice, assessment.",
    ),
    CompetencyDefault(
        "development",
        "E-learning and media development",
        "Design",
        "Builds e-learning, video and job aids in the authoring tools, accessibly.",
    ),
    CompetencyDefault(
        "facilitation",
        "Facilitation",
        "Delivery",
        "Runs classroom and virtual sessions, pilots and train-the-trainer.",
    ),
    CompetencyDefault(
        "evaluation",
        "Evaluation and analytics",
        "Measurement",
        "Plans evaluation at every level, runs surveys, reads impact studies.",
    ),
    CompetencyDefault(
        "project-management",
        "Project management",
        "Operations",
        "Plans tasks and critical paths, manages vendors, scope and reviews.",
    ),
    CompetencyDefault(
        "learning-technology",
        "Learning technology",
        "Operations",
        "Runs the LMS, xAPI and content integrations; knows what the tools can do.",
    ),
    CompetencyDefault(
        "business-acumen",
        "Business acumen",
        "Leadership",
        "Knows how the company makes money and which KPIs matter to whom.",
        leadership=True,
    ),
    CompetencyDefault(
        "strategy",
        "Learning strategy",
        "Leadership",
        "Sets a strategy tied to business goals and governs it with stakeholders.",
        leadership=True,
    ),
    CompetencyDefault(
        "stakeholder-management",
        "Stakeholder relationships",
        "Leadership",
        "Builds partnerships with executives and managers; says no with reasons.",
        leadership=True,
    ),
    CompetencyDefault(
        "team-leadership",
        "Leading the team",
        "Leadership",
        "Hires, develops and paces the team; keeps the factory running.",
        leadership=True,
    ),
)


def skill_code(skill: str) -> str:
    """The competency code a template's skill name stands for."""
    return slugify(skill)


@transaction.atomic
def ensure_defaults() -> None:
    """Add the standard templates, standards documents and competencies that are missing."""
    documents = {}
    for title in process.STANDARDS:
        documents[title], _ = StandardDocument.objects.get_or_create(title=title)
    for template in process.TEMPLATES:
        if ProcessTemplate.objects.filter(code=template.code).exists():
            continue
        row = ProcessTemplate.objects.create(
            code=template.code,
            name=template.name,
            summary=template.summary,
            phases=list(template.phases),
        )
        row.standards.set([documents[t] for t in template.standards if t in documents])
        TemplateTask.objects.bulk_create(
            TemplateTask(
                template=row,
                code=t.code,
                name=t.name,
                phase=t.phase,
                days=t.days,
                hours=Decimal(str(t.hours)),
                skill=skill_code(t.skill),
                after=list(t.after),
                gate=t.gate,
                checklist=list(t.checklist),
                milestone=bool(t.gate == "pilot" or t is template.tasks[-1]),
                order=n,
            )
            for n, t in enumerate(template.tasks)
        )
    existing = set(Competency.objects.values_list("code", flat=True))
    Competency.objects.bulk_create(
        Competency(
            code=c.code,
            name=c.name,
            area=c.area,
            description=c.description,
            leadership=c.leadership,
            order=n,
        )
        for n, c in enumerate(COMPETENCIES)
        if c.code not in existing
    )
