"""Template context of every page: whether signing in through the identity provider is offered, and its
name (for ``account/_sso_button.html``)."""

from passerelles.accounts import sso as sso_rules


def sso(request):
    configured = sso_rules.sso_configured()
    return {
        "sso_configured": configured,
        "sso_provider_name": sso_rules.provider_name() if configured else "",
    }
