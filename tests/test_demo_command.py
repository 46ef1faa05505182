"""The demo-data command and the generator's size option, each from an empty database (the other demo
tests share one network built for their module: tests/test_demo_network.py)."""

import pytest
from django.core.management import CommandError, call_command

from passerelles.demo.generator import generate
from passerelles.people.models import Agent

pytestmark = pytest.mark.django_db


def test_scales_with_agents_option(db):
    summary = generate(1000)
    assert summary.agents == 1000
    assert Agent.objects.count() == 1000


def test_command_if_empty_and_refusal(db, capsys):
    call_command("demo_data", "--agents", "300")
    assert Agent.objects.count() == 300
    call_command("demo_data", "--if-empty")
    assert Agent.objects.count() == 300
    with pytest.raises(CommandError, match="base vide"):
        call_command("demo_data", "--agents", "300")
    with pytest.raises(CommandError, match="--agents doit être compris"):
        call_command("demo_data", "--agents", "5")
