"""The plain moveOn logic, without a database."""

from __future__ import annotations

import pytest

from mainspring.cmi5.rules import satisfied_blocks, unit_satisfied


@pytest.mark.parametrize(
    ("move_on", "completed", "passed", "expected"),
    [
        ("NotApplicable", False, False, True),
        ("Passed", True, False, False),
        ("Passed", False, True, True),
        ("Completed", True, False, True),
        ("Completed", False, True, False),
        ("CompletedAndPassed", True, False, False),
        ("CompletedAndPassed", True, True, True),
        ("CompletedOrPassed", False, True, True),
        ("CompletedOrPassed", False, False, False),
    ],
)
def test_moveon_criteria(move_on: str, completed: bool, passed: bool, expected: bool) -> None:
    assert unit_satisfied(move_on, completed=completed, passed=passed) is expected


def test_a_block_is_satisfied_when_every_unit_below_it_is() -> None:
    # 1 contains unit 10 and block 2 (unit 20); block 3 is empty; unit 30 is at the top
    parents = {1: None, 2: 1, 3: None}
    units = {10: 1, 20: 2, 30: None}
    assert satisfied_blocks(parents, units, {20}) == {2}
    assert satisfied_blocks(parents, units, {10}) == set()
    assert satisfied_blocks(parents, units, {10, 20}) == {1, 2}
    assert satisfied_blocks(parents, units, {10, 20, 30}) == {1, 2}
