"""Learning factory: persistence."""

from __future__ import annotations
