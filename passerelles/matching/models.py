"""The suggestion index (precomputed terms, kept up to date on save) and the exposure log (fairness)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.missions.models import Mission
from passerelles.people.models import Agent


class AgentTerm(models.Model):
    """One term an agent's skills or appétences can be found under (synonyms included)."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="match_terms")
    term = models.CharField(max_length=60)
    kind = models.CharField(max_length=10)
    # Copied from the agent and their profile so that consent and tenancy filter the index itself (speed);
    # rewritten whenever the profile's visibility or the agent's activity changes.
    organisation_id = models.IntegerField(default=0)
    visibility = models.CharField(max_length=10, default="hr")
    active = models.BooleanField(default=True)
    # The kind's weight in tenths (matching/index.py QUICK_WEIGHT), written with the row: the database's quick
    # ranking sums a small integer read from the index instead of comparing the kind's text on every one of
    # the tens of thousands of rows a common term brings (PostgreSQL, 75,000 rows: 44 → 30 ms).
    weight = models.PositiveSmallIntegerField(default=10)

    class Meta:
        # covering: a suggestion query reads the index only (term → who, with consent and weight)
        indexes = [
            models.Index(
                fields=["term", "active", "visibility", "organisation_id", "agent", "weight"],
                name="agentterm_quick_ranking",
            )
        ]
        constraints = [models.UniqueConstraint(fields=["agent", "term", "kind"], name="one_agent_term")]

    def __str__(self):
        return f"{self.agent_id}:{self.kind}:{self.term}"


class MissionTerm(models.Model):
    """One term a mission is about (its skills with their synonyms, and its title)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="match_terms")
    term = models.CharField(max_length=60)
    # Copied from the mission (rewritten on every save or review) so that visibility filters the index itself.
    organisation_id = models.IntegerField(default=0)
    host_unit_id = models.IntegerField(default=0)
    visibility = models.CharField(max_length=15, default="organisation")
    published = models.BooleanField(default=False)
    end_date = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["term", "published", "visibility", "organisation_id", "host_unit_id", "mission"]
            )
        ]
        constraints = [models.UniqueConstraint(fields=["mission", "term"], name="one_mission_term")]

    def __str__(self):
        return f"{self.mission_id}:{self.term}"


class Exposure(models.Model):
    """That a person was suggested for a mission (once per mission): the fairness exposure limit counts these."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="exposures")
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["agent", "at"])]
        constraints = [models.UniqueConstraint(fields=["agent", "mission"], name="one_exposure_per_mission")]

    def __str__(self):
        return f"{self.agent_id} → {self.mission_id}"


class Shortlist(models.Model):
    """HR keeps a person in mind for a mission: a list for the conversation, never an assignment."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="shortlist")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("présélection")
        verbose_name_plural = _("présélections")
        constraints = [models.UniqueConstraint(fields=["mission", "agent"], name="one_shortlist_entry")]

    def __str__(self):
        return f"{self.mission} ← {self.agent}"


class HostSuggestionRef(models.Model):
    """What a host's page carries for one anonymous suggestion: a random reference, nothing else.

    The reference is 256 random bits (``secrets``), meaningless outside this table: it does not encode the
    agent, the mission or anything that decodes to them. It is valid for one mission, for the one host it was
    shown to, for seven days. Asking HR with it is the only thing it allows.
    """

    token = models.CharField(max_length=64, unique=True)
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="+")
    created_for = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("référence de suggestion anonyme")
        verbose_name_plural = _("références de suggestions anonymes")
        indexes = [models.Index(fields=["mission", "created_for", "expires_at"])]

    def __str__(self):
        return f"{self.mission_id} → ? ({self.expires_at:%d/%m/%Y})"
