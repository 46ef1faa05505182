"""What the stages after the engagement core add to it, registered explicitly — the core never imports them.

Why: the lifecycle core (interest → meeting → agreements → ready → active → ended) used to import the
frameworks, documents and follow-up services, which import it back (a four-file import cycle). Each later stage
now says, from its ``AppConfig.ready()``, what it adds:

- ``add_parties(fn)``: ``fn(engagement) -> list[party]`` — parties the stage requires at the agreements step
  (the framework's signatory of a convention…);
- ``add_readiness(fn)``: ``fn(engagement) -> list[str]`` — what still stands between the agreements and
  ``ready``, in words (« le dispositif choisi par la RH », a document not yet accepted…);
- ``on_ready(fn)`` / ``on_activate(fn)``: ``fn(engagement)`` — what happens in the same transaction when an
  engagement becomes ready or starts (the follow-up schedules its check-ins);
- ``on_proposal_accepted(fn)``: ``fn(engagement)`` — when the agent accepts a proposal (matching logs who
  now sees the profile with a name);
- ``on_extended(fn)``: ``fn(engagement, previous_end, by)`` — when every party agreed to a prolongation and the
  end date moved (the documents stage writes the avenant);
- ``add_extension_limit(fn)``: ``fn(engagement, new_end) -> str`` — why a prolongation to ``new_end`` is refused
  (« » when it is not): the frameworks stage re-checks the confirmed framework's maximum duration.

No signals: the lists are plain, ordered, and readable here at run time (``registered()``).
"""

from collections.abc import Callable

PARTIES: list[Callable] = []
READINESS: list[Callable] = []
ON_READY: list[Callable] = []
ON_ACTIVATE: list[Callable] = []
PROPOSAL_ACCEPTED: list[Callable] = []
ON_EXTENDED: list[Callable] = []
EXTENSION_LIMITS: list[Callable] = []


def _adder(hooks: list[Callable]):
    def add(fn: Callable) -> Callable:
        if fn not in hooks:  # ready() may run twice (tests, autoreload)
            hooks.append(fn)
        return fn

    return add


add_parties = _adder(PARTIES)
add_readiness = _adder(READINESS)
on_ready = _adder(ON_READY)
on_activate = _adder(ON_ACTIVATE)
on_proposal_accepted = _adder(PROPOSAL_ACCEPTED)
on_extended = _adder(ON_EXTENDED)
add_extension_limit = _adder(EXTENSION_LIMITS)


def registered() -> dict[str, list[str]]:
    """What each hook list holds (for the docs and a test that the stages are plugged in)."""
    names = {"parties": PARTIES, "readiness": READINESS, "on_ready": ON_READY, "on_activate": ON_ACTIVATE}
    names["proposal_accepted"] = PROPOSAL_ACCEPTED
    names["on_extended"] = ON_EXTENDED
    names["extension_limits"] = EXTENSION_LIMITS
    return {key: [f"{fn.__module__}.{fn.__qualname__}" for fn in hooks] for key, hooks in names.items()}
