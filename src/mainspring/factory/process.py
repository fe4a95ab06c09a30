"""The team's written way of working: ADDIE and SAM out of the box.

A process template is phases of standard tasks, each with a typical duration (working
days), an estimate (hours), the skill it needs, the tasks it waits for, and, for review
gates, the kind of review (SME, legal, marketing, accessibility, pilot) and a checklist.
Standards documents (style guide, templates) are linked by title; the organisation adds
its own. These are the defaults a fresh install starts from; the team edits its copies.

Pure data and checks: :func:`check` proves a template can be scheduled (known
predecessors, no cycle) before anyone starts a project from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from mainspring.experiences.graph import find_cycle


@dataclass(frozen=True, slots=True)
class StandardTask:
    code: str
    name: str
    phase: str
    days: int
    hours: float
    skill: str = ""
    after: tuple[str, ...] = ()
    gate: str = ""  # "", "sme", "legal", "marketing", "accessibility", "pilot"
    checklist: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProcessTemplate:
    code: str
    name: str
    summary: str
    phases: tuple[str, ...]
    tasks: tuple[StandardTask, ...]
    standards: tuple[str, ...] = ()


GATES = {
    "sme": "SME review",
    "legal": "Legal review",
    "marketing": "Marketing / brand review",
    "accessibility": "Accessibility review",
    "pilot": "Pilot",
}

STANDARDS = (
    "Northwind learning style guide",
    "Storyboard template",
    "Accessibility checklist (WCAG 2.2 AA)",
    "Evaluation plan template",
)

_ACCESSIBILITY = (
    "Captions and transcripts for every video and podcast",
    "Colour contrast at least 4.5:1; no meaning carried by colour alone",
    "Every interaction works with the keyboard alone",
    "Alternative text on images that carry information",
)
_LEGAL = (
    "Claims about safety, law or regulation checked against the source",
    "Third-party content licensed for internal use",
    "No personal data of real customers or colleagues in examples",
)

ADDIE = ProcessTemplate(
    "addie",
    "ADDIE",
    "Analyse, design, develop, implement, evaluate: one phase after another, for stable "
    "content with clear requirements (compliance, procedures).",
    ("Analyse", "Design", "Develop", "Implement", "Evaluate"),
    (
        StandardTask("kickoff", "Kick-off with the sponsor", "Analyse", 1, 3, "consulting"),
        StandardTask(
            "analysis",
            "Performance analysis: gap, audience, KPI",
            "Analyse",
            5,
            20,
            "consulting",
            ("kickoff",),
        ),
        StandardTask(
            "design-doc",
            "Design document: objectives, path, methods, evaluation plan",
            "Design",
            5,
            24,
            "instructional design",
            ("analysis",),
        ),
        StandardTask(
            "sme-design",
            "SME review of the design",
            "Design",
            3,
            2,
            "consulting",
            ("design-doc",),
            gate="sme",
            checklist=("Objectives match the tasks people do", "Scenarios are realistic"),
        ),
        StandardTask(
            "storyboard",
            "Storyboards and scripts",
            "Develop",
            8,
            40,
            "instructional design",
            ("sme-design",),
        ),
        StandardTask(
            "build",
            "Build: e-learning, media, materials",
            "Develop",
            10,
            60,
            "development",
            ("storyboard",),
        ),
        StandardTask(
            "legal",
            "Legal review",
            "Develop",
            5,
            2,
            "consulting",
            ("storyboard",),
            gate="legal",
            checklist=_LEGAL,
        ),
        StandardTask(
            "accessibility",
            "Accessibility review",
            "Develop",
            2,
            6,
            "development",
            ("build",),
            gate="accessibility",
            checklist=_ACCESSIBILITY,
        ),
        StandardTask(
            "pilot",
            "Pilot with a small group",
            "Implement",
            5,
            12,
            "facilitation",
            ("accessibility", "legal"),
            gate="pilot",
            checklist=("Pilot group reflects the audience", "Level-1 survey sent", "Fixes logged"),
        ),
        StandardTask(
            "launch",
            "Launch: enrol, communicate, train the trainers",
            "Implement",
            3,
            10,
            "facilitation",
            ("pilot",),
        ),
        StandardTask(
            "evaluate",
            "Evaluate: levels 1-3 and the impact study",
            "Evaluate",
            5,
            12,
            "evaluation",
            ("launch",),
        ),
    ),
    STANDARDS,
)

SAM = ProcessTemplate(
    "sam",
    "SAM (successive approximation)",
    "Short iterations with working prototypes reviewed early and often, for skills and "
    "behaviour change where the right design is found by trying.",
    ("Preparation", "Iterative design", "Iterative development"),
    (
        StandardTask("savvy", "Savvy start workshop", "Preparation", 2, 10, "consulting"),
        StandardTask(
            "background",
            "Background: audience, KPI, constraints",
            "Preparation",
            3,
            12,
            "consulting",
            ("savvy",),
        ),
        StandardTask(
            "prototype-1",
            "Prototype 1",
            "Iterative design",
            4,
            20,
            "instructional design",
            ("background",),
        ),
        StandardTask(
            "review-1",
            "Review prototype 1 with learners and SMEs",
            "Iterative design",
            2,
            4,
            "consulting",
            ("prototype-1",),
            gate="sme",
            checklist=("Learners tried it, not just looked at it", "Changes agreed"),
        ),
        StandardTask(
            "prototype-2",
            "Prototype 2",
            "Iterative design",
            4,
            16,
            "instructional design",
            ("review-1",),
        ),
        StandardTask(
            "design-proof",
            "Design proof",
            "Iterative development",
            5,
            30,
            "development",
            ("prototype-2",),
        ),
        StandardTask(
            "marketing",
            "Brand review",
            "Iterative development",
            3,
            2,
            "consulting",
            ("design-proof",),
            gate="marketing",
            checklist=("Brand colours and tone of voice", "Approved imagery only"),
        ),
        StandardTask(
            "alpha",
            "Alpha: complete, reviewed for accessibility",
            "Iterative development",
            5,
            24,
            "development",
            ("design-proof",),
            gate="accessibility",
            checklist=_ACCESSIBILITY,
        ),
        StandardTask(
            "beta",
            "Beta: pilot with real learners",
            "Iterative development",
            5,
            12,
            "facilitation",
            ("alpha", "marketing"),
            gate="pilot",
            checklist=("Level-1 survey sent", "Fixes logged"),
        ),
        StandardTask(
            "gold",
            "Gold: release and enrol",
            "Iterative development",
            2,
            6,
            "facilitation",
            ("beta",),
        ),
    ),
    STANDARDS,
)

TEMPLATES: tuple[ProcessTemplate, ...] = (ADDIE, SAM)


def check(template: ProcessTemplate) -> list[str]:
    """Problems that would stop a project being scheduled from ``template``, in words."""
    problems = []
    codes = [t.code for t in template.tasks]
    if len(set(codes)) != len(codes):
        problems.append("Two standard tasks share a code.")
    known = set(codes)
    for t in template.tasks:
        if t.phase not in template.phases:
            problems.append(f"{t.name}: phase {t.phase!r} is not one of the template's.")
        problems.extend(
            f"{t.name} waits for {p!r}, which is not in the template."
            for p in t.after
            if p not in known
        )
        if t.gate and t.gate not in GATES:
            problems.append(f"{t.name}: unknown review gate {t.gate!r}.")
        if t.days < 0 or t.hours < 0:
            problems.append(f"{t.name}: days and hours cannot be negative.")
    index = {c: i for i, c in enumerate(codes)}
    cycle = find_cycle(
        list(range(len(codes))),
        {index[t.code]: [index[p] for p in t.after if p in index] for t in template.tasks},
    )
    if cycle:
        names = " → ".join(template.tasks[i].name for i in cycle)
        problems.append(f"The tasks wait for each other in a circle: {names}.")
    return problems
