"""The demo's API keys (issue 20): as ``admin``, the Département's « Clés d'API » page shows a write key the SIRH
used last night, a read key never used yet and a revoked one. Their secrets are thrown away at once (a key is
shown only when it is made): a newcomer makes their own to try the API. As ``rh``, the import history shows
the file that key pushed (source « API »)."""

import datetime

from django.utils import timezone

from passerelles.api import keys
from passerelles.api.models import ApiKey, KeyScope
from passerelles.demo.safety import DEPARTEMENT, _user
from passerelles.organisations.models import Organisation
from passerelles.people.models import AgentImport, ImportSource, ImportStatus


def create_demo_api() -> None:
    organisation = Organisation.objects.get(slug=DEPARTEMENT)
    admin = _user("admin")
    night, _plain = keys.create_key(
        by=admin, organisation=organisation, name="SIRH — import de nuit", scope=KeyScope.WRITE
    )
    keys.create_key(by=admin, organisation=organisation, name="Décisionnel", scope=KeyScope.READ)
    old, _plain = keys.create_key(
        by=admin, organisation=organisation, name="Ancien intranet", scope=KeyScope.READ
    )
    keys.revoke_key(by=admin, key=old)
    last_night = timezone.now().replace(hour=2, minute=14, second=0, microsecond=0) - datetime.timedelta(
        days=1
    )
    ApiKey.objects.filter(pk=night.pk).update(last_used_at=last_night)
    pushed = AgentImport.objects.create(
        organisation=organisation,
        uploaded_by=night.account,
        filename="mouvements-du-jour.csv",
        source=ImportSource.API,
        full=False,
        status=ImportStatus.APPLIED,
        progress=100,
        rows=6,
        to_create=2,
        to_update=4,
        unchanged=0,
        applied_at=last_night,
        attempt=2,
        heartbeat_at=last_night,
    )  # its file is not kept in the demo
    AgentImport.objects.filter(pk=pushed.pk).update(created_at=last_night)
