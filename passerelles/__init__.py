"""Passerelles: professional micro-mobility for public administrations."""
