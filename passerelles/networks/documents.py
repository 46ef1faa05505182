"""What the network states in an engagement's documents: the convention-cadre and the shared scheme a mise à
disposition between two members rests on. Registered with the documents stage from NetworksConfig.ready():
the documents app never imports this one."""

from passerelles.networks.queries import shared_scheme_between

NETWORK_SCHEME = "dispositif_reseau"


def agreement_words(network) -> str:
    """« la convention-cadre « Réf. » du réseau « X », signée le 15/01/2026 » (what is known of it)."""
    words = "la convention-cadre"
    if network.agreement_reference:
        words += f" « {network.agreement_reference} »"
    words += f" du réseau « {network.name} »"
    if network.agreement_signed_on:
        words += f", signée le {network.agreement_signed_on:%d/%m/%Y}"
    return words


def convention_cadre_details(engagement) -> dict:
    """``{"convention_cadre": …}`` for an engagement under a network's shared scheme; nothing otherwise."""
    chosen = getattr(engagement, "framework", None)
    if chosen is None or chosen.code != NETWORK_SCHEME:
        return {}
    shared = shared_scheme_between(engagement.agent.organisation_id, engagement.mission.organisation_id)
    if shared is None:
        return {}
    return {
        "convention_cadre": (
            f"{agreement_words(shared.network)}, et le dispositif partagé « {shared.scheme.name} » qu'appliquent "
            "les deux employeurs par délibération"
        )
    }
