"""What each role can do here, in plain French: the content of the « Tableau de bord ».

Each section says what the person can do and links to the pages that exist; what later work will add is
announced as text, never as a dead link.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.access.actor import Actor
from passerelles.access.models import Role
from passerelles.networks import policies as network_policies
from passerelles.organisations.models import Network, Organisation
from passerelles.pooling.models import Pool


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Section:
    role: str
    title: str
    text: str
    organisations: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def network_tools(actor: Actor, network) -> list["Link"]:
    """The network's convention-cadre and shared schemes; its coordination page for the lead's coordinator."""
    links = [
        Link(
            _("Convention-cadre et délibérations — %(network)s") % {"network": network.name},
            reverse("networks:agreement", kwargs={"network_slug": network.slug}),
        ),
        Link(
            _("Dispositifs partagés — %(network)s") % {"network": network.name},
            reverse("networks:schemes", kwargs={"network_slug": network.slug}),
        ),
    ]
    if network_policies.is_coordinator(actor, network):
        links.insert(
            0,
            Link(
                _("Coordination : missions, besoins, compétences rares — %(network)s")
                % {"network": network.name},
                reverse("networks:coordination", kwargs={"network_slug": network.slug}),
            ),
        )
    return links


def sections_for(actor: Actor) -> list[Section]:
    orgs = {org.pk: org for org in Organisation.objects.filter(pk__in=actor.org_ids())}

    def org_names(role: str) -> list[str]:
        return sorted(orgs[pk].name for pk in actor.org_ids(role) if pk in orgs)

    def org_links(role: str, label: str, url_name: str) -> list[Link]:
        return [
            Link(
                label if len(actor.org_ids(role)) == 1 else f"{label} — {orgs[pk].display_name}",
                reverse(url_name, kwargs={"org_slug": orgs[pk].slug}),
            )
            for pk in sorted(actor.org_ids(role))
            if pk in orgs
        ]

    sections = []
    for role in actor.roles:
        section = Section(role=role, title=Role(role).label, text="", organisations=org_names(role))
        if role == Role.AGENT:
            section.text = _(
                "Vous pouvez aider un autre service, une autre administration ou une association. Vous y donnez "
                "une partie de votre temps, pendant quelques mois. Puis vous revenez dans votre équipe. Rien ne se "
                "fait sans votre accord. Ce que vous regardez reste privé. Votre encadrant·e est prévenu·e "
                "seulement quand on lui demande son accord."
            )
            section.links = [
                Link(_("Parcourir les missions ouvertes"), reverse("mission_list")),
                Link(_("Mes missions : où j'en suis"), reverse("my_engagements")),
                Link(_("Mon passeport de mobilité"), reverse("passport")),
                Link(_("Récits de missions"), reverse("story_gallery")),
                Link(_("Mon profil"), reverse("my_profile")),
                Link(_("Mes données"), reverse("my_data")),
                # the same link for everyone: it tells nobody who has a plan (issue 22)
                Link(_("Mon accompagnement RH (confidentiel)"), reverse("care:mine")),
                Link(_("Rejoindre le registre de crise"), reverse("crisis:volunteer")),
                Link(_("Mon parcours de cohorte (cadres entre collectivités)"), reverse("my_cohorts")),
                Link(_("Rejoindre le vivier d'animateurs"), reverse("facilitation:my_pool")),
                Link(_("Demander un coup de main"), reverse("smallhelp:help_ask")),
                Link(_("Temps en commun : mes jours de solidarité"), reverse("commons:mine")),  # issue 22
                *org_links(role, _("La charte éthique de la micro-mobilité"), "commons:charter"),
                Link(_("Demander une immersion, suivre mes coups de main"), reverse("smallhelp:home")),
                Link(
                    _("Événements : forums des missions et cafés-missions"),
                    reverse("encounters:encounter_list"),
                ),
            ]
            if Pool.objects.for_actor(actor.user).exists():  # a pooled agent, or a site's manager (issue 18)
                section.links.append(
                    Link(_("Agent mutualisé : planning partagé des sites"), reverse("pooling:pool_list"))
                )
        elif role == Role.MANAGER:
            section.text = _(
                "Vous voyez votre équipe pour organiser sa charge. Quand une personne de votre équipe arrive à "
                "l'étape des accords, vous êtes sollicité·e : accord, refus motivé ou autres dates."
            )
            section.links = [
                Link(_("Mon équipe"), reverse("my_team")),
                Link(_("Calendrier des missions de l'équipe"), reverse("team_calendar")),
                Link(_("Proposer une mission pour mon service"), reverse("mission_create")),
                Link(_("Coups de main et immersions de mon équipe"), reverse("smallhelp:home")),
                Link(_("Le temps que mon équipe donne et reçoit"), reverse("commons:team")),  # issue 22
                Link(_("Le guide de l'encadrant·e, étape par étape"), reverse("commons:managers_guide")),
                *org_links(role, _("La charte éthique de la micro-mobilité"), "commons:charter"),
            ]
        elif role == Role.HOST:
            section.text = _(
                "Vous avez besoin d'un renfort ponctuel ou d'un appui à un projet : vous rédigerez une mission "
                "claire (objet, porteur·se, quotité, date de fin), rencontrerez les personnes intéressées et "
                "suivrez la mission."
            )
            section.links = [
                Link(_("Proposer une mission"), reverse("mission_create")),
                Link(_("Mes missions et les personnes intéressées"), reverse("my_missions")),
                Link(_("Coups de main et immersions : proposer, accueillir"), reverse("smallhelp:home")),
                Link(
                    _("Événements : présenter une mission à un forum"), reverse("encounters:encounter_list")
                ),
            ] + org_links(role, _("Mon organisation"), "organisation_detail")
        elif role == Role.HR:
            section.text = _(
                "Vous êtes l'entremetteur·se : vous relisez et publiez les missions, pensez aux bonnes personnes "
                "(y compris celles à qui l'on ne pense pas), organisez les rencontres, choisissez le bon cadre "
                "juridique et suivez les missions."
            )
            section.links = (
                org_links(role, _("Engagements de l'organisation, par étape"), "organisation_engagements")
                + org_links(role, _("Missions à relire"), "review_queue")
                + org_links(role, _("Accompagnements RH (confidentiels)"), "care:organisation_plans")
                + org_links(role, _("Renforts récurrents : besoins structurels"), "care:structural_needs")
                + org_links(
                    role, _("Temps en commun : jours de solidarité, jumelages"), "commons:organisation"
                )
                + org_links(role, _("Toutes les missions de l'organisation"), "organisation_missions")
                + org_links(role, _("Temps passé du mois, exports pour la paie et arrêtés"), "time_entries")
                + org_links(
                    role, _("Remboursements entre employeurs : échéances et export"), "reimbursement_export"
                )
                + [Link(_("Missions ouvertes"), reverse("mission_list"))]
                + org_links(role, _("Vivier : qui pourrait donner un coup de main ?"), "pool")
                + org_links(role, _("Annuaire des agents"), "agent_directory")
                + org_links(role, _("Import des agents depuis le SIRH"), "import_start")
                + org_links(role, _("Accès des agents : invitations"), "access_list")
                + org_links(role, _("Demandes d'effacement de données"), "erasure_queue")
                + org_links(
                    role, _("Vocabulaire des compétences de l'organisation"), "organisation_vocabulary"
                )
                + [
                    Link(
                        _("Suggestions de personnes (sur chaque mission) : comment elles sont faites"),
                        reverse("how_suggestions_work"),
                    )
                ]
                + org_links(role, _("Organisation et unités"), "organisation_detail")
                + org_links(
                    role, _("Tableau de bord : indicateurs de la micro-mobilité"), "organisation_dashboard"
                )
                + org_links(role, _("Crise : plan de continuité et registre des volontaires"), "crisis:home")
                + [
                    Link(
                        _("Programmes de cohorte du réseau : candidat·es et opportunités"),
                        reverse("cohort_list"),
                    )
                ]
                + [  # issue 18: the member records its deliberation and takes the shared schemes up
                    link
                    for network in Network.objects.filter(
                        memberships__organisation_id__in=actor.org_ids(Role.HR)
                    ).distinct()
                    for link in network_tools(actor, network)
                ]
                + org_links(
                    role, _("Échéances : missions qui se terminent dans les 90 jours"), "renewals:deadlines"
                )
                + [Link(_("Agents mutualisés entre sites ou organisations"), reverse("pooling:pool_list"))]
                + [Link(_("Vivier d'animateurs"), reverse("facilitation:pool"))]  # issue 19
                + org_links(
                    role, _("Coups de main, immersions et parcours de retour"), "smallhelp:organisation_list"
                )
                + [Link(_("Forums des missions et cafés-missions"), reverse("encounters:encounter_list"))]
            )
        elif role == Role.SIGNATORY:
            section.text = _(
                "Vous validez et signez les lettres de mission, conventions et pactes de micro-mobilité de votre "
                "organisation."
            )
            # What waits for the signature is in « À faire » (documents to accept, agreements to give).
            section.links = (
                [Link(_("Documents et accords à signer (« À faire »)"), reverse("todo"))]
                + org_links(role, _("Engagements de l'organisation"), "organisation_engagements")
                + org_links(role, _("Remboursements entre employeurs"), "reimbursement_export")
                + org_links(role, _("Renforts récurrents : besoins structurels"), "care:structural_needs")
                + org_links(role, _("Toutes les missions de l'organisation"), "organisation_missions")
                + org_links(role, _("Mon organisation"), "organisation_detail")
                + org_links(
                    role, _("Tableau de bord : indicateurs de la micro-mobilité"), "organisation_dashboard"
                )
                + org_links(role, _("Crise : activer le plan de continuité"), "crisis:home")
                + [Link(_("Programmes de cohorte du réseau (sponsors : les DGS)"), reverse("cohort_list"))]
            )
        elif role == Role.NETWORK_COORDINATOR:
            section.text = _(
                "Vous animez le réseau d'organisations : missions partagées, programmes de cohorte et tableaux de "
                "bord du réseau, sans accès aux données personnelles des agents."
            )
            networks = Network.objects.filter(
                memberships__organisation_id__in=actor.org_ids(Role.NETWORK_COORDINATOR)
            ).distinct()
            section.links = [Link(_("Vivier d'animateurs du réseau"), reverse("facilitation:pool"))]
            for network in networks:
                section.links += [
                    Link(network.name, reverse("network_detail", kwargs={"network_slug": network.slug})),
                    Link(
                        _("Tableau de bord du réseau — %(name)s") % {"name": network.name},
                        reverse("network_dashboard", kwargs={"network_slug": network.slug}),
                    ),
                    Link(
                        _("Missions partagées — %(network)s") % {"network": network.name},
                        reverse("network_missions", kwargs={"network_slug": network.slug}),
                    ),
                    *network_tools(actor, network),
                    Link(
                        _("Agents mutualisés et demandes de remplacement — %(network)s")
                        % {"network": network.name},
                        reverse("pooling:pool_list"),
                    ),
                    Link(
                        _("Activer une crise pour le réseau — %(network)s") % {"network": network.name},
                        reverse("crisis:activate_network", kwargs={"network_slug": network.slug}),
                    ),
                ]
            section.links.append(Link(_("Programmes de cohorte"), reverse("cohort_list")))
            section.links.append(
                Link(
                    _("Forums des missions et cafés-missions du réseau"), reverse("encounters:encounter_list")
                )
            )
        elif role == Role.ADMIN:
            section.text = _(
                "Vous configurez votre organisation : nom, logo et couleur, organigramme, rôles des personnes."
            )
            section.links = (
                org_links(role, _("Paramètres de l'organisation"), "organisation_settings")
                + org_links(
                    role, _("Temps en commun : jours de solidarité, jumelages"), "commons:organisation"
                )
                + org_links(role, _("Personnes et rôles"), "roles_page")
                + org_links(role, _("Import des agents depuis le SIRH"), "import_start")
                + org_links(role, _("Accès des agents : invitations"), "access_list")
                + org_links(role, _("Annuaire des agents"), "agent_directory")
                + org_links(role, _("Courriels envoyés"), "outbox_list")
                + org_links(role, _("Modèles de documents"), "organisation_templates")
                + org_links(
                    role, _("Tableau de bord : indicateurs de la micro-mobilité"), "organisation_dashboard"
                )
                + org_links(role, _("Crise : plan de continuité"), "crisis:home")
            )
            if actor.user.is_superuser:
                section.links.append(
                    Link(_("Administration technique de la plateforme"), reverse("admin:index"))
                )
        sections.append(section)
    return sections
