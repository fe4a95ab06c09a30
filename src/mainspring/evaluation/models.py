"""Evaluation and surveys: persistence."""

from __future__ import annotations
