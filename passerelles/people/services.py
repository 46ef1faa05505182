"""Use cases of the agent's profile: theirs to fill and to show or hide."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.matching.index import index_agent
from passerelles.people import vocabulary
from passerelles.people.models import Profile, ProfileTag, ProfileView, TagKind

MAX_TAGS_PER_KIND = 40


class ProfileRefused(Exception):
    """A change that cannot be made; the message is for the agent."""


def profile_of(agent) -> Profile:
    profile, _created = Profile.objects.get_or_create(agent=agent)
    return profile


def organisation_vocabulary(organisation) -> list:
    """The organisation's own words, added by its HR to the shipped vocabulary."""
    from passerelles.people.models import VocabularyEntry

    return list(
        VocabularyEntry.objects.filter(organisation=organisation).values("label", "domain", "synonyms")
    )


@transaction.atomic
def profile_add_tag(*, agent, by, kind: str, text: str, hidden: bool = False) -> ProfileTag:
    if get_actor(by).agent != agent:
        raise PermissionDenied
    if kind not in TagKind.values:
        raise ProfileRefused(_("Type d'élément inconnu."))
    term = vocabulary.resolve(text, organisation_vocabulary(agent.organisation))
    if term is None:
        raise ProfileRefused(_("Écrivez un mot ou quelques mots."))
    if len(term.label) > 120:
        raise ProfileRefused(_("C'est un peu long : 120 caractères au plus."))
    profile = profile_of(agent)
    key = vocabulary.normalise(term.label)
    existing = profile.tags.filter(kind=kind, key=key).first()
    if existing:
        if existing.hidden != hidden and kind == TagKind.SKILL:
            existing.hidden = hidden
            existing.save(update_fields=["hidden"])
        return existing
    if profile.tags.filter(kind=kind).count() >= MAX_TAGS_PER_KIND:
        raise ProfileRefused(
            _("Vous avez déjà %(count)s éléments de ce type : retirez-en avant d'en ajouter.")
            % {"count": MAX_TAGS_PER_KIND}
        )
    tag = ProfileTag.objects.create(
        profile=profile,
        kind=kind,
        label=term.label,
        key=key,
        known=term.known,
        hidden=hidden and kind == TagKind.SKILL,
    )
    index_agent(agent.pk)
    return tag


def profile_remove_tag(*, agent, by, tag_id: int) -> None:
    if get_actor(by).agent != agent:
        raise PermissionDenied
    ProfileTag.objects.filter(profile__agent=agent, pk=tag_id).delete()
    index_agent(agent.pk)


def record_profile_view(*, agent, viewer) -> None:
    """Log who opened a full profile (never the agent themself): the agent sees the list."""
    actor = get_actor(viewer)
    if actor.agent is not None and actor.agent.pk == agent.pk:
        return
    if not policies.can_view_full_profile(viewer, agent):
        return
    organisation = actor.agent.organisation if actor.agent else None
    ProfileView.objects.create(agent=agent, viewer=viewer, viewer_organisation=organisation)


def completeness_hint(profile: Profile | None) -> str:
    """One gentle suggestion at a time, and silence once the essentials are there (it never nags)."""
    if profile is None or not profile.tags.exists():
        return _("Quelques compétences ou envies suffisent pour que la RH pense à vous.")
    kinds = set(profile.tags.values_list("kind", flat=True))
    if TagKind.APPETENCE not in kinds:
        return _(
            "Et ce que vous aimeriez faire ou apprendre ? Vos envies comptent autant que ce que vous savez faire."
        )
    if not profile.available and not profile.presentation:
        return _("Un mot de présentation aide à engager la conversation.")
    return ""
