"""The outsider organisation's API key, and its objects by the API's parameter names (issue 20; made once per
cast, on first use). A signed-in person gets 401 from every API address (a key is the API's sign-in): these make
sure that answer holds whatever the ids."""

from tests.api_helpers import make_key
from tests.cast import MARKER


def key_id(cast) -> int:
    found = getattr(cast, "_outsider_api_key", None)
    if found is None:
        found, _plain = make_key(cast.outsider, name=f"Clé {MARKER}")
        cast._outsider_api_key = found
    return found.pk


FILLERS = {
    "key_id": key_id,
    "organisation_id": lambda cast: cast.outsider.pk,
    "unit_id": lambda cast: cast.outsider_unit.pk,
    "site_id": lambda cast: cast.outsider_agent.site_id,
    "agent_id": lambda cast: cast.outsider_agent.pk,
    "slug": lambda cast: "flux",  # a dashboard table of the API (always the key's own organisation)
}
