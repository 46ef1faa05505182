"""One explicit state machine per lifecycle object (engagement, mission, story), without the database.

Why: each object used to check its states in its own way (a table for engagements, scattered ``if`` for
missions and stories). A machine is a table of transitions — from which state, by which action, to which
state, and which kinds of person may take it; anything not in the table is refused with a sentence the person
can read. The object's services keep a single writer that asks the machine, then logs the step.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class TransitionRefused(Exception):
    """A move that is not in the table, or not for this person; the message is for them."""


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    by: frozenset[str]
    label: str


def transition(action: str, source: str, target: str, by: str, label: str = "") -> Transition:
    """``by``: the kinds of actor allowed, space-separated (e.g. ``"agent broker"``)."""
    return Transition(action, source, target, frozenset(by.split()), label)


class StateMachine:
    def __init__(self, states, transitions: list[Transition]):
        self.states = states  # a TextChoices: its labels name the states in refusals
        self.transitions = list(transitions)
        self._by_key: dict[tuple[str, str], Transition] = {}
        for t in self.transitions:
            if t.source not in states.values or t.target not in states.values:
                raise ValueError(f"unknown state in {t}")
            if (t.source, t.action) in self._by_key:
                raise ValueError(f"two transitions for {t.action!r} from {t.source!r}")
            self._by_key[(t.source, t.action)] = t

    @property
    def actions(self) -> set[str]:
        return {t.action for t in self.transitions}

    def transition_for(self, state: str, action: str, actor_kinds: set[str]) -> Transition:
        found = self._by_key.get((state, action))
        if found is None:
            raise TransitionRefused(
                _("Cette étape n'est pas possible depuis l'état « %(state)s ».")
                % {"state": self.states(state).label}
            )
        if not found.by & set(actor_kinds):
            raise TransitionRefused(_("Cette étape ne vous revient pas."))
        return found

    def available(self, state: str, actor_kinds: set[str]) -> list[Transition]:
        return [t for t in self.transitions if t.source == state and t.by & set(actor_kinds)]
