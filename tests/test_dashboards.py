"""The dashboards' pages: who may open them, bad filters, exports read back, the network's sharing rule."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.missions.models import MissionStatus, Programme
from passerelles.organisations.models import NetworkMembership
from tests.cast import MARKER, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db


def url(cast, suffix=""):
    return f"/organisations/{cast.home.slug}/tableau-de-bord/{suffix}"


@pytest.mark.parametrize("role", [Role.HR, Role.SIGNATORY, Role.ADMIN])
def test_hr_signatory_and_admin_open_the_organisation_dashboard(cast, client_for, role):
    response = client_for(cast.users[role]).get(url(cast))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Flux entre directions" in page
    assert "dashboard-charts" in page


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER, Role.HOST, Role.NETWORK_COORDINATOR])
def test_other_roles_may_not(cast, client_for, role):
    assert client_for(cast.users[role]).get(url(cast)).status_code == 403
    assert client_for(cast.users[role]).get(url(cast, "flux.csv")).status_code == 403


def test_another_organisations_dashboard_is_not_found(cast, client_for):
    response = client_for(cast.users[Role.HR]).get(f"/organisations/{cast.outsider.slug}/tableau-de-bord/")
    assert response.status_code == 404
