"""Impact studies and ROI: persistence."""

from __future__ import annotations
