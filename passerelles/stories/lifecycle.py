"""A story's life as one table (no database needed): written by the agent (or HR with the agent), submitted
by the agent alone with an explicit consent and audience, published or sent back by HR, withdrawn by the agent
at any time — then gone everywhere. A withdrawn story is final: telling it again is a new story.

Who: ``author`` is the agent the story is about (their consent is theirs); ``hr`` the HR coordinators of the
agent's organisation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.statemachine import StateMachine, transition


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("En relecture RH")
    CHANGES = "changes", _("À reprendre")
    PUBLISHED = "published", _("Publié")
    WITHDRAWN = "withdrawn", _("Retiré")


class StoryEventKind(models.TextChoices):
    """Each step of the story's history, read after the person's name."""

    SUBMIT = "submit", _("a proposé le récit à la publication")
    PUBLISH = "publish", _("a publié le récit")
    REQUEST_CHANGES = "request_changes", _("a demandé de reprendre le récit")
    WITHDRAW = "withdraw", _("a retiré le récit")


EDITABLE = (StoryStatus.DRAFT, StoryStatus.CHANGES)

MACHINE = StateMachine(
    StoryStatus,
    [
        transition("submit", StoryStatus.DRAFT, StoryStatus.SUBMITTED, "author"),
        transition("submit", StoryStatus.CHANGES, StoryStatus.SUBMITTED, "author"),
        transition("publish", StoryStatus.SUBMITTED, StoryStatus.PUBLISHED, "hr"),
        transition("request_changes", StoryStatus.SUBMITTED, StoryStatus.CHANGES, "hr"),
        *(
            transition("withdraw", source, StoryStatus.WITHDRAWN, "author")
            for source in (
                StoryStatus.DRAFT,
                StoryStatus.SUBMITTED,
                StoryStatus.CHANGES,
                StoryStatus.PUBLISHED,
            )
        ),
    ],
)
