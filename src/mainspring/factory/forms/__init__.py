"""The factory's forms, one module per area."""
