"""Management reports (TDRp): persistence."""

from __future__ import annotations
