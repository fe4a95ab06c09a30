from __future__ import annotations

from datetime import date, timedelta

import pytest

from mainspring.demo.seed import seed_demo
from mainspring.org.models import User
from mainspring.strategy import first_days, queries
from mainspring.strategy.models import FirstDaysPlan

TODAY = date(2025, 6, 1)


@pytest.fixture
def seeded(db: None) -> None:
    seed_demo(300, 42, today=TODAY)


def test_the_demo_leader_is_forty_days_into_a_part_done_plan(seeded):
    leader = User.objects.get(username="leader")
    plan = FirstDaysPlan.objects.get(user=leader)
    assert plan.start_date == TODAY - timedelta(days=40)
    assert set(plan.ticks.values_list("item_key", flat=True)) == {"read-strategy", "meet-ld-team"}

    built = first_days.build_plan(queries.first_days_facts(plan, TODAY))

    assert built.day == 41
    assert 0 < built.done < built.total
    assert any(i.key.startswith("meet:") and i.done for i in built.items)  # stakeholders met
    assert built.overdue  # a leader 40 days in has something late: the demo shows it
    assert FirstDaysPlan.objects.count() == 1
