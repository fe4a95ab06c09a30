"""The vocabulary of the role x URL matrix, shared by the row modules of each area."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.conftest import Cast

ROLES = ("anonymous", "leader", "staff", "stakeholder", "executive", "learner", "manager")
LOGIN = 302  # anonymous visitors are sent to the sign-in page


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: Callable[[Cast, Any], dict[str, Any]]
    expect: dict[str, int]
    label: str = ""


def everyone(code: int, anonymous: int = LOGIN) -> dict[str, int]:
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], code)}


def only(allowed: dict[str, int], others: int = 403) -> dict[str, int]:
    return {"anonymous": LOGIN, **{r: allowed.get(r, others) for r in ROLES[1:]}}


NONE: Callable[[Cast, Any], dict[str, Any]] = lambda c, j: {}  # noqa: E731
