"""Issue 20 in the demo network: the demo agent (« agent ») has said yes to sharing their missions with the
annual-review campaign — the Département's HR (« rh ») downloads them at once — and has a calendar feed link
(its address, shown only once, is not kept: « Créer un nouveau lien » on « Mon agenda » gives one). Two rows,
through the real use cases."""

from passerelles.accounts.models import User
from passerelles.annualreview.services import set_consent
from passerelles.calendars.services import new_address

DOMAIN = "demo.passerelles.test"


def create_demo_annual_review() -> None:
    user = User.objects.filter(email=f"agent@{DOMAIN}").select_related("agent").first()
    if user is None or getattr(user, "agent", None) is None:
        return
    set_consent(agent=user.agent, share=True)
    new_address(user)
