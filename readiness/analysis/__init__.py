"""Analyses on a scored framework: like-for-like comparison and change on a constant basis, uncertainty and
sensitivity, the target planner and what-if scenarios."""
