"""Atom feeds of new public practice."""
