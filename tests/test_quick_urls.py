"""One reverse for a list's links: the same addresses as Django's ``reverse``."""

import pytest
from django.urls import reverse
from django.utils import translation

from passerelles.foundation.quick_urls import reverse_each


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_same_address_as_reverse_for_every_id(language):
    with translation.override(language):
        agent = reverse_each("agent_detail", "pk")
        toggle = reverse_each("shortlist_toggle", "pk", mission_id=42)
        for value in (1, 7, 42, 2_147_483_646):
            assert agent(value) == reverse("agent_detail", kwargs={"pk": value})
            assert toggle(value) == reverse("shortlist_toggle", kwargs={"mission_id": 42, "pk": value})


def test_only_numbers_and_only_a_route_that_holds_the_number_once():
    agent = reverse_each("agent_detail", "pk")
    with pytest.raises(ValueError):
        agent("1/../../admin")
    with pytest.raises(ValueError):
        reverse_each("shortlist_toggle", "pk", mission_id=2_147_483_647)  # the marker twice
