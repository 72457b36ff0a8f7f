"""Trusts and schools as places: who they are (size, phases, regions, schools) and the practice their staff share."""
