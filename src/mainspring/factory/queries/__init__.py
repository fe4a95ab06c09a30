"""Reads for the factory's pages, one module per area, scoped by the caller's check."""
