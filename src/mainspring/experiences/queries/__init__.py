"""Reads for the learning-experience pages, scoped to what each user may see."""
