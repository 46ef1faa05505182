"""The calendar feed in « Mes données » and in an erasure (people/personal_data_parts.py): when the address was
made and last read (never the secret: only its hash is kept, and it means nothing to anyone); an erasure
deletes the feed, so that the address stops."""

from django.utils.translation import gettext_lazy as _

from passerelles.calendars.models import CalendarFeed
from passerelles.people.personal_data_parts import Part, register


def _iso(value):
    return value.isoformat() if value else None


def _rows(user, agent) -> list[dict]:
    if user is None:
        return []
    return [
        {"created_at": _iso(feed.created_at), "last_read_at": _iso(feed.last_read_at)}
        for feed in CalendarFeed.objects.filter(user=user)
    ]


def _anonymise(agent, user) -> None:
    if user is not None:
        CalendarFeed.objects.filter(user=user).delete()


def register_parts() -> None:
    register(
        Part(
            key="agenda-personnel",
            title=_("Lien de mon agenda personnel"),
            columns=[
                ("created_at", _("Lien créé le")),
                ("last_read_at", _("Dernière lecture par un agenda")),
            ],
            empty=_("Vous n'avez pas de lien d'agenda personnel."),
            rows=_rows,
            anonymise=_anonymise,
        )
    )
