"""The factory seeder (filled by its app)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext


def seed(ctx: SeedContext) -> None:
    """Nothing yet."""
