"""The refusal of a plan, publication, withdrawal or closing: one exception with a French message the views
show as is (nothing changed)."""


class PlanRefused(Exception):
    """A crisis planning use case refused: ``str(error)`` is the French sentence for the person."""
