"""Every change in the learning factory: one module per area.

``costs`` (budgets, the cost ledger, loaded rates), ``intake`` (requests, triage,
prioritisation), ``projects`` (templates, projects, tasks, the change log), ``team``
(members, competencies, development) and ``vendors``. Each function is atomic, takes a
keyword-only ``actor`` and records history; refusals are :class:`Error` with a message
for the user.
"""


class Error(Exception):
    """A change that cannot be made, with a message for the user."""
