"""The first-days seeder: the demo leader is some 40 days into their first-60-days plan.

They have read the strategy and met the L&D team (ticked by hand); the rest of the plan
follows from the demo data: goals with and without KPIs, stakeholders met or not.
Runs after the demo logins exist (they are created right after the people).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from mainspring.org.models import User
from mainspring.strategy.actions import start_first_days, tick_first_days_item

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

DAYS_IN = 40
# (item key, days after the start it was ticked)
TICKS: tuple[tuple[str, int], ...] = (("read-strategy", 3), ("meet-ld-team", 9))


def seed(ctx: SeedContext) -> None:
    """Give the demo ``leader`` a plan started 40 days before the real day, part done."""
    leader = User.objects.get(username="leader")
    start = (ctx.calendar_today or ctx.today) - timedelta(days=DAYS_IN)
    plan = start_first_days(actor=leader, user=leader, start_date=start)
    for key, after in TICKS:
        tick_first_days_item(
            actor=leader, plan=plan, key=key, done=True, on=start + timedelta(days=after)
        )
