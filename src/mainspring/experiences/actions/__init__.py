"""Every change to programs, paths, the catalogue, audiences and progress: one module per area.

``paths`` (programs, paths, steps, templates), ``catalogue`` (skills, libraries,
catalogue items, curation), ``enrolments`` (audience rules, enrolments, progress,
completion imports). Each function is atomic, takes a keyword-only ``actor`` and records
history; refusals are :class:`Error` with a message for the user.
"""


class Error(Exception):
    """A change that cannot be made, with a message for the user."""
