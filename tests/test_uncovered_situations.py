"""The boussole run on an engagement that finds no framework is recorded once per situation (issue 16)."""

import pytest

from passerelles.access.models import Role
from passerelles.frameworks.models import UncoveredSituation
from tests.test_engagement_framework import engagement, form_values  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# A fixed-term contractual agent lent to a commune for a project: no framework fits as is.
NOTHING_FITS = {
    "host_type": "commune",
    "agent_status": "contractuel_cdd",
    "host_public_service_mission": "non",
    "host_general_interest": "non",
    "host_epci_member_link": "non",
    "whole_service": "non",
    "crisis": "non",
}


def test_no_fitting_framework_is_recorded_once_per_situation(cast, client_for, engagement):  # noqa: F811
    hr = client_for(cast.users[Role.HR])
    page = hr.get(f"/engagements/{engagement.pk}/dispositif/").content.decode()
    assert UncoveredSituation.objects.count() == 0  # the prefilled situation has frameworks
    data = {**form_values(page), **NOTHING_FITS}
    answer = hr.post(f"/engagements/{engagement.pk}/dispositif/", data)
    assert "Aucun dispositif ne convient" in answer.content.decode()
    row = UncoveredSituation.objects.get()
    assert row.engagement == engagement and row.organisation == cast.home
    assert row.situation["agent_status"] == "contractuel_cdd"
    assert "mise_a_disposition" in row.reasons and row.reasons["mise_a_disposition"]
    # the same answers again: still one row; other answers: a second one
    hr.post(f"/engagements/{engagement.pk}/dispositif/", data)
    hr.get(f"/engagements/{engagement.pk}/dispositif/")
    assert UncoveredSituation.objects.count() == 1
    hr.post(f"/engagements/{engagement.pk}/dispositif/", {**data, "time_share_percent": "30"})
    assert UncoveredSituation.objects.count() == 2
