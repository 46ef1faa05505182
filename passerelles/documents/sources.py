"""What later stages tell the documents about an engagement, registered from their AppConfig.ready(): the
documents stage never imports them (a crisis's shifts, a network's convention-cadre, the reimbursement decided
between two employers)."""

from collections.abc import Callable

# Values a later stage knows about an engagement and a document states (the crisis: the agent's shifts), as
# ``fn(engagement) -> {placeholder: text}``, registered from its AppConfig.ready(): the documents stage never
# imports the crisis app. They are read afresh each time a document is written (a rewrite never keeps stale
# shifts) and compared with the current version to tell whether it is out of date.
DETAIL_SOURCES: list[Callable] = []
# The placeholders they fill (« — » when none does): the crisis's shifts, the network's convention-cadre, the
# support around an exceptional mission (care: sponsor, psychologue du travail, protocol), the organisation's
# ethics charter (commons), the sponsor's name (care).
LATER_STAGES = ("creneaux", "convention_cadre", "soutien", "charte", "parrain")


def add_detail_source(fn: Callable) -> Callable:
    if fn not in DETAIL_SOURCES:  # ready() may run twice (tests, autoreload)
        DETAIL_SOURCES.append(fn)
    return fn


def fresh_details(engagement) -> dict:
    found = {}
    for source in DETAIL_SOURCES:
        found.update(source(engagement))
    return found


# The reimbursement stage's decision (a yearly cost or a waiver with its legal reason, issue 18) is the one every
# document states once it is taken: registered from that app's AppConfig.ready() (documents never import it).
REIMBURSEMENT_DECISIONS: list = []


def add_reimbursement_decision(fn) -> None:
    """Register ``fn(engagement) -> dict`` (``remboursement_choix``, ``remboursement_detail``; {} if none)."""
    if fn not in REIMBURSEMENT_DECISIONS:
        REIMBURSEMENT_DECISIONS.append(fn)


def registered_decision(engagement) -> dict:
    for decided in REIMBURSEMENT_DECISIONS:
        if found := decided(engagement):
            return found
    return {}


# The people a later stage names as parties of a document (care: the sponsor of an exceptional mission, a party
# of the pact that names them), as ``fn(engagement, kind) -> {party: agent id}``, and the page where each reads
# and accepts it (they may not read the engagement itself), as ``{party: fn(engagement) -> url}``.
NAMERS: list[Callable] = []
NAMED_PAGES: dict[str, Callable] = {}


def add_named_parties(fn: Callable, pages: dict[str, Callable]) -> None:
    if fn not in NAMERS:
        NAMERS.append(fn)
    NAMED_PAGES.update(pages)


def named_parties(engagement, kind: str) -> dict:
    """Who a later stage names as a party of this kind of document now (JSON keys: the agent ids as ints)."""
    found = {}
    for namer in NAMERS:
        found.update(namer(engagement, kind))
    return found
