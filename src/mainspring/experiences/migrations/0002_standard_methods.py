"""The standard delivery methods, so every installation starts with a usable taxonomy."""

from django.db import migrations

# Each: the code, name, 70-20-10 category, whether live, and a description.
METHODS = [
    ("classroom", "Classroom", "formal", True, "A facilitator and a group in one room."),
    ("virtual_classroom", "Virtual classroom", "formal", True, "A live session online."),
    ("elearning", "E-learning", "formal", False, "A self-paced online module."),
    (
        "manager_discussion",
        "Manager discussion",
        "social",
        True,
        "A structured conversation between the learner and their manager.",
    ),
    (
        "application_exercise",
        "Application exercise",
        "experiential",
        False,
        "A task done on the job that applies what was learned.",
    ),
    ("reading", "Assigned reading", "formal", False, "An article, guide or chapter."),
    ("podcast", "Podcast", "formal", False, "An audio episode, often for people on the move."),
    ("video", "Video", "formal", False, "A short video."),
    ("coaching", "Coaching", "social", True, "One-to-one coaching by a coach or an expert."),
    (
        "on_the_job",
        "Practice on the job",
        "experiential",
        False,
        "Doing the work with guidance, on real tasks.",
    ),
    (
        "community",
        "Community of practice",
        "social",
        False,
        "Peers sharing practice, questions and answers.",
    ),
    (
        "job_aid",
        "Job aid",
        "experiential",
        False,
        "A checklist or quick reference used while working.",
    ),
]


def add_methods(apps, schema_editor):  # noqa: ARG001  (RunPython signature)
    method = apps.get_model("experiences", "Method")
    for code, name, category, synchronous, description in METHODS:
        method.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "synchronous": synchronous,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("experiences", "0001_initial")]
    operations = [migrations.RunPython(add_methods, migrations.RunPython.noop)]
