"""Named rules: who may do what. Views, services and template tags ask these, never check roles themselves.

Objects are first fetched through a scope (outsiders get a 404, as if the object did not exist); these
predicates then decide what an insider may do (a 403 when they may not).

Where the rules live: the core rules of roles and actors — organisations, people and their access letters,
missions, engagements and their follow-up, stories, dashboards — live here. Each later domain app keeps its own
named rules, built only on access's actor and role helpers (``get_actor``, ``Role`` and the predicates below)
and on its own objects: ``cohorts/rules.py``, ``crisis/rules.py``, ``pooling/rules.py``,
``programmes/rules.py``, ``renewals/rules.py``, ``networks/policies.py``, ``reimbursements/policies.py``,
``smallhelp/policies.py``
(``insights/policies.py`` only names rules of this module). Keeping them there lets a domain be read, and
removed, in one folder, and keeps this module below every domain app; the URL × role isolation test
(tests/isolation/) opens every URL under every role, so it exercises them all.
"""

from django.apps import apps

from passerelles.access.actor import get_actor
from passerelles.access.models import TWO_FACTOR_ROLES, Role, RoleMembership

# The access layer sits below the domain apps and never imports them: it reads the objects it is given,
# reaches a model through Django's app registry by name, and a profile's visibility by its stored value
# (people.models.Visibility; tests/test_access_rules.py checks the two agree).
PROFILE_HR, PROFILE_NETWORK, PROFILE_NOBODY = "hr", "network", "nobody"


def can_view_organisation(user, organisation) -> bool:
    """Anyone holding a role in the organisation sees its page and organisation chart."""
    return organisation.pk in get_actor(user).org_ids()


def can_view_directory(user, organisation) -> bool:
    """The HR coordinators and administrators of an organisation browse its agents."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)


def can_edit_organisation_settings(user, organisation) -> bool:
    """Only the organisation's administrators change its name, logo and colour."""
    return get_actor(user).has_role(Role.ADMIN, organisation)


def can_view_team(user) -> bool:
    """Managers see their own team (to organise it), nothing of anyone else's exploration."""
    return get_actor(user).has_role(Role.MANAGER)


def can_coordinate_network(user, network) -> bool:
    """Network coordinators of a member organisation run the network's pages."""
    actor = get_actor(user)
    coordinator_orgs = actor.org_ids(Role.NETWORK_COORDINATOR)
    return any(m.organisation_id in coordinator_orgs for m in network.memberships.all())


def can_draft_mission(user, organisation) -> bool:
    """Hosts, managers and HR coordinators draft missions for their organisation."""
    actor = get_actor(user)
    return any(actor.has_role(role, organisation) for role in (Role.HOST, Role.MANAGER, Role.HR))


def can_search_project_leads(user, organisation) -> bool:
    """Whoever drafts missions for an organisation finds its possible project leads by name, a few at a time
    (never a list of its staff: see passerelles/people/person_search.py)."""
    return can_draft_mission(user, organisation)


def drafting_organisations(user) -> frozenset[int]:
    return get_actor(user).org_ids(Role.HOST, Role.MANAGER, Role.HR)


def can_edit_mission(user, mission) -> bool:
    """Its author (or HR) changes a mission until it is submitted, and again when changes are asked."""
    if not mission.is_editable:
        return False
    return mission.created_by_id == getattr(user, "pk", None) or get_actor(user).has_role(
        Role.HR, mission.organisation_id
    )


def can_review_missions(user, organisation) -> bool:
    """HR coordinators review and publish their organisation's missions."""
    return get_actor(user).has_role(Role.HR, organisation)


def can_regularise_mission(user, organisation) -> bool:
    """Only HR records a mission already under way (a start date in the past, with the « régularisation » flag
    and its reason): a host or a manager plans missions, they do not backdate them."""
    return get_actor(user).has_role(Role.HR, organisation)


def is_mission_host(user, mission) -> bool:
    actor = get_actor(user)
    return mission.created_by_id == getattr(user, "pk", None) or (
        actor.agent is not None and mission.project_lead_id == actor.agent.pk
    )


def can_follow_mission(user, mission) -> bool:
    """Who sees the people interested in a mission: its host and the HR of its organisation."""
    return is_mission_host(user, mission) or get_actor(user).has_role(Role.HR, mission.organisation_id)


def can_close_mission(user, mission) -> bool:
    """The mission's host (its author or project lead) and the HR coordinators of its organisation close a
    mission that needs nobody more, with a reason (issue 13). Passerelles closes it too, without anyone's
    hand, once its places are taken or its end date has passed."""
    return is_mission_host(user, mission) or get_actor(user).has_role(Role.HR, mission.organisation_id)


def can_reopen_mission(user, mission) -> bool:
    """Reopening is a person's act, never automatic: the same people as for closing (the service then checks
    that places remain and that the end date is ahead)."""
    return can_close_mission(user, mission)


def can_express_interest(user, mission) -> bool:
    """An agent, for a published mission they may see and do not lead themselves."""
    actor = get_actor(user)
    if actor.agent is None or not mission.is_published:
        return False
    if mission.project_lead_id == actor.agent.pk:
        return False
    return actor.in_scope(mission)


def engagement_actor_kinds(user, engagement) -> set[str]:
    """What the user is to this engagement: the agent, a broker (HR or host), the agent's manager."""
    actor = get_actor(user)
    kinds = set()
    if actor.agent is not None and engagement.agent_id == actor.agent.pk:
        kinds.add("agent")
    if (
        actor.has_role(Role.HR, engagement.mission.organisation_id)
        or actor.has_role(Role.HR, engagement.agent.organisation_id)
        or is_mission_host(user, engagement.mission)
    ):
        kinds.add("broker")
    if actor.agent is not None and engagement.agent.manager_id == actor.agent.pk:
        kinds.add("manager")
    return kinds


def is_engagement_hr(user, engagement) -> bool:
    """The HR coordinators of the mission's or the agent's organisation."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, engagement.mission.organisation_id) or actor.has_role(
        Role.HR, engagement.agent.organisation_id
    )


def can_record_assembly(user, engagement) -> bool:
    """The HR coordinators of the agent's organisation (the origin employer, whose assemblée délibérante is
    informed of a mise à disposition or a mécénat) record when it was informed."""
    return get_actor(user).has_role(Role.HR, engagement.agent.organisation_id)


def can_manage_partner_associations(user, organisation) -> bool:
    """An organisation's administrators and HR coordinators create the associations and foundations it works
    with, and invite their contact person (who signs the conventions for them), without /admin/."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)


def can_print_board_poster(user, organisation, unit=None) -> bool:
    """The poster of open missions for a break-room board: HR coordinators and administrators for any site or
    unit of their organisation; a manager for their own unit (issue 15). Each poster lists only what its
    printer may read, too (missions/outside.py)."""
    actor = get_actor(user)
    if actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation):
        return True
    return (
        unit is not None
        and actor.has_role(Role.MANAGER, organisation)
        and actor.agent is not None
        and actor.agent.unit_id == unit.pk
    )


def can_choose_outside_display(user, organisation) -> bool:
    """HR coordinators and administrators decide whether the organisation's open missions and public stories
    are shown outside the platform (Atom feed, intranet widget)."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)


def can_regularise_engagement(user, engagement) -> bool:
    """Only HR (of the mission's or the agent's organisation) changes an engagement's dates outside the
    agreements, and regularises a start already made — with a reason, shown on the page and in the documents.
    A manager proposes other dates through their agreement; a host never moves them."""
    return is_engagement_hr(user, engagement)


def can_read_event_comment(user, engagement, event) -> bool:
    """Who reads what was written with a step of the engagement (its reason), among those who see the
    timeline (the agent and the brokers; never the manager or the signatory):

    - a withdrawal's reason stays between the agent and HR (docs/missions.md: « sa raison reste entre lui ou
      elle et la RH »): never the host;
    - a decline reason HR kept for itself (« Garder la raison pour la RH »): HR and whoever wrote it, never the
      agent, who is told the decision with a neutral sentence;
    - anything else: everyone who sees the timeline.
    """
    actor = get_actor(user)
    is_agent = actor.agent is not None and actor.agent.pk == engagement.agent_id
    if event.action == "withdraw":
        return is_agent or is_engagement_hr(user, engagement)
    if event.action == "decline" and engagement.decline_reason_private:
        return is_engagement_hr(user, engagement) or (event.by_id is not None and event.by_id == user.pk)
    return True


def can_follow_engagement(user, engagement) -> bool:
    """The follow-up page of a mission under way (check-ins, their answers, the time logged): the agent, the
    host and HR — the people who run the mission. The home manager sees the team calendar instead (who is away
    and when), never the answers: what the agent says about the mission is not the manager's to read."""
    return bool(engagement_actor_kinds(user, engagement) & {"agent", "broker"})


def can_read_checkin_help(user, engagement, answer) -> bool:
    """A check-in's written « besoin d'aide » stays between whoever wrote it and HR (docs/suivi.md): the host
    never reads the agent's, the agent never reads the host's; the answers to the three questions are
    shared with both."""
    if is_engagement_hr(user, engagement):
        return True
    if answer.party == "agent":
        return engagement.agent.user_id is not None and engagement.agent.user_id == getattr(user, "pk", None)
    return answer.party == "host" and is_mission_host(user, engagement.mission)


def can_handle_checkin_alerts(user, engagement) -> bool:
    """HR is told of a difficulty at a check-in and says when it was dealt with (it leaves « À faire »)."""
    return is_engagement_hr(user, engagement)


def can_list_engagements(user, organisation) -> bool:
    """HR coordinators list every engagement of their organisation: its agents' and those on its missions; its
    signatory (the DGS) lists those it may read (from the agreements step on: engagements.scopes)."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.SIGNATORY, organisation)


def can_list_missions(user, organisation) -> bool:
    """HR coordinators and the signatory (the DGS) list every mission of their organisation, in every status
    (issue 16): what is asked, published, closed. Missions hold no personal data."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.SIGNATORY, organisation)


def can_export_payroll(user, organisation) -> bool:
    """HR coordinators alone download what payroll needs (engagements of the month, half-days logged, the
    framework's money rule) and the list of arrêtés and conventions; and they read the month's time entries."""
    return get_actor(user).has_role(Role.HR, organisation)


def may_propose_to(user, agent) -> bool:
    """The person side of ``can_propose_mission``: an active agent with an account, of an organisation where
    the user is HR — what a suggestion card asks before offering « Proposer » (a partner's agent is proposed a
    mission by their own HR; someone without an account has nowhere to answer)."""
    return (
        agent.user_id is not None
        and agent.is_active
        and get_actor(user).has_role(Role.HR, agent.organisation_id)
    )


def can_propose_mission(user, mission, agent) -> bool:
    """HR proposes a published mission to an agent of their organisation who may see it (*gré à gré*)."""
    if not mission.is_published or not may_propose_to(user, agent):
        return False
    if mission.project_lead_id == agent.pk:
        return False
    return type(mission).objects.for_actor(agent.user).filter(pk=mission.pk).exists()


def can_propose_as_host(user, mission) -> bool:
    """The host side of a published mission — its author and its project lead — proposes it to an agent it
    already knows (issue 19, as in Isère: « une direction repère un agent en particulier »). They type the
    agent's exact address: no list, no search of people. Only they, and not every holder of the host role in
    the organisation: they are the ones who then organise the rencontre and follow the engagement."""
    return mission.is_published and is_mission_host(user, mission)


def can_receive_host_proposal(mission, agent) -> bool:
    """Whom a host's proposal may reach: an active agent with an account, who may see the mission and does not
    lead it. Checked without telling the host why not (the answer stays neutral)."""
    if agent.user_id is None or not agent.is_active or not agent.user.is_active:
        return False
    if mission.project_lead_id == agent.pk:
        return False
    return type(mission).objects.for_actor(agent.user).filter(pk=mission.pk).exists()


def can_import_agents(user, organisation) -> bool:
    """HR coordinators and administrators load their organisation's staff from the SIRH export."""
    return can_view_directory(user, organisation)


def can_view_full_profile(user, agent) -> bool:
    """Skills, appétences and availability: the agent, and HR as the agent chose (own organisation, or also the
    network's partners). Managers never browse profiles; nobody sees a profile set to « personne »."""
    actor = get_actor(user)
    if actor.agent is not None and actor.agent.pk == agent.pk:
        return True
    visibility = getattr(getattr(agent, "profile", None), "visibility", PROFILE_HR)
    if visibility == PROFILE_NOBODY:
        return False
    if actor.has_role(Role.HR, agent.organisation_id):
        return True
    return visibility == PROFILE_NETWORK and agent.organisation_id in actor.partner_organisations(
        actor.org_ids(Role.HR)
    )


def partner_organisations(org_ids) -> set[int]:
    """Organisations sharing a network with any of these (themselves excluded)."""
    if not org_ids:
        return set()
    partners = (
        apps.get_model("organisations", "NetworkMembership")
        .objects.filter(network__memberships__organisation_id__in=org_ids)
        .values_list("organisation_id", flat=True)
    )
    return set(partners) - set(org_ids)


def can_see_suggestions(user, mission) -> bool:
    """HR coordinators who can see the mission get suggestions among the agents they may see."""
    actor = get_actor(user)
    return actor.has_role(Role.HR) and actor.in_scope(mission)


def can_see_host_suggestions(user, mission) -> bool:
    """The host of a published mission sees who could help without learning who: agents opened their profile
    to HR, not to hosts, so the host gets an anonymous list and asks HR to make the contact."""
    return mission.is_published and is_mission_host(user, mission)


def is_hr_coordinator(user, organisation) -> bool:
    """The organisation's HR coordinators: they browse the pool, handle erasure requests and extend the
    organisation's vocabulary."""
    return get_actor(user).has_role(Role.HR, organisation)


def can_view_outbox(user, organisation) -> bool:
    """The organisation's administrators follow the e-mails sent to its people (recipient, subject, state;
    never the text) and ask for a failed one to be sent again."""
    return get_actor(user).has_role(Role.ADMIN, organisation)


def printable_access_letter_ids(user, agents) -> set[int]:
    """The agents among ``agents`` whose access-code letter ``user`` may print (docs/acces.md): the HR
    coordinators of the agent's organisation, and the agent's own manager in the same organisation (who sees
    them every day, when many have no desk). Nobody else, not even the agent: a lost letter goes through a
    person. A manager never prints one for a member of the team who holds a role that needs two-factor
    sign-in (HR, signatory…): the code would let its holder choose that account's password. One query for a
    whole team page, none when no manager's case needs it."""
    actor = get_actor(user)
    allowed, team = set(), []
    for agent in agents:
        if actor.has_role(Role.HR, agent.organisation_id):
            allowed.add(agent.pk)
        elif (
            actor.agent is not None
            and agent.manager_id == actor.agent.pk
            and agent.organisation_id == actor.agent.organisation_id
        ):
            team.append(agent)
    accounts = [agent.user_id for agent in team if agent.user_id]
    guarded = (
        set(
            RoleMembership.objects.filter(user_id__in=accounts, role__in=TWO_FACTOR_ROLES).values_list(
                "user_id", flat=True
            )
        )
        if accounts
        else set()
    )
    allowed.update(agent.pk for agent in team if agent.user_id not in guarded)
    return allowed


def can_print_access_letter(user, agent) -> bool:
    """The rule of ``printable_access_letter_ids`` for one agent: the letter's page asks it, and the link to
    it on the agent's page (template tag ``people/templatetags/access_letters.py``)."""
    return agent.pk in printable_access_letter_ids(user, [agent])


def can_print_organisation_access_letters(user, organisation) -> bool:
    """The letters of many agents at once (chosen by unit, by default those without an address): the
    organisation's HR coordinators only — a manager prints one team member's letter at a time."""
    return is_hr_coordinator(user, organisation)


def can_invite_people(user, organisation) -> bool:
    """HR coordinators and administrators invite the organisation's agents to sign in (issue 12)."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)


def can_manage_roles(user, organisation) -> bool:
    """Only the organisation's administrators give and remove roles (HR, signatory, network coordinator,
    administrator…); the platform's /admin/ stays for the operator."""
    return get_actor(user).has_role(Role.ADMIN, organisation)


def story_actor_kinds(user, story) -> set[str]:
    """Who ``user`` is to a story: its ``author`` (the agent it tells: their consent is theirs) and/or ``hr``
    of the agent's organisation (who writes it with them and moderates it)."""
    actor = get_actor(user)
    kinds = set()
    if actor.agent is not None and actor.agent.pk == story.agent_id:
        kinds.add("author")
    if actor.is_authenticated and actor.has_role(Role.HR, story.agent.organisation_id):
        kinds.add("hr")
    return kinds


def can_edit_story(user, story) -> bool:
    """The agent and their HR edit a draft or a story sent back; never one in review, published or withdrawn."""
    return story.is_editable and bool(story_actor_kinds(user, story))


def mission_actor_kinds(user, mission) -> set[str]:
    """Who ``user`` is to a mission, for its state machine (missions/lifecycle.py): ``author``, ``host``
    (author or project lead), ``hr`` of its organisation; ``system`` when Passerelles acts (no user)."""
    if user is None:
        return {"system"}
    kinds = set()
    if mission.created_by_id == getattr(user, "pk", None):
        kinds.add("author")
    if is_mission_host(user, mission):
        kinds.add("host")
    if get_actor(user).has_role(Role.HR, mission.organisation_id):
        kinds.add("hr")
    return kinds


def can_choose_contact(user, organisation) -> bool:
    """An agent names their « personne relais » among the colleagues of their own organisation, through the
    same name search as the project lead's (a few names at a time, never a list of staff)."""
    actor = get_actor(user)
    return actor.agent is not None and actor.agent.organisation_id == getattr(
        organisation, "pk", organisation
    )


def can_record_interest_for(user, agent) -> bool:
    """Who may record « ça m'intéresse » for an agent who said it in person or by phone (issue 15): the HR
    coordinators of the agent's own organisation, and the person the agent chose as their « personne relais ».
    Nobody else — not their manager (who learns nothing before the agreements step), not another
    organisation's HR."""
    actor = get_actor(user)
    if not actor.is_authenticated or agent is None:
        return False
    if actor.agent is not None and actor.agent.pk == agent.pk:
        return False  # one's own interest is expressed on the mission page
    if actor.has_role(Role.HR, agent.organisation_id):
        return True
    return actor.agent is not None and (
        apps.get_model("people", "ChosenContact")
        .objects.filter(
            agent_id=agent.pk, contact_id=actor.agent.pk, contact__organisation_id=agent.organisation_id
        )
        .exists()
    )


def can_record_interest_for_someone(user) -> bool:
    """Whether to offer « Enregistrer un intérêt pour une personne » at all: an HR coordinator (the form then
    finds only their own organisations' agents), or a person whom at least one active colleague with an
    account chose as « personne relais ». Who exactly is ``can_record_interest_for``, asked again when the
    interest is recorded."""
    actor = get_actor(user)
    if actor.org_ids(Role.HR):
        return True
    return (
        actor.agent is not None
        and apps.get_model("people", "ChosenContact")
        .objects.filter(
            contact_id=actor.agent.pk,
            agent__organisation_id=actor.agent.organisation_id,
            agent__is_active=True,
            agent__user__isnull=False,
        )
        .exists()
    )


def can_call_volunteers(user, organisation) -> bool:
    """The HR coordinators of an organisation send a published mission to a group of its agents (« appel à
    volontaires ») and read the counts of the calls sent."""
    return get_actor(user).has_role(Role.HR, organisation)


def can_view_organisation_dashboard(user, organisation) -> bool:
    """The organisation's HR coordinators, its signatories (the DGS/DGA who present it in Codir) and its
    administrators see its dashboard: aggregated figures only, protected against small counts (issue 16)."""
    actor = get_actor(user)
    return any(actor.has_role(role, organisation) for role in (Role.HR, Role.SIGNATORY, Role.ADMIN))


def can_switch_network_sharing(user, organisation) -> bool:
    """An organisation's own HR coordinators or administrators decide whether its figures go to its networks'
    dashboards: a network never decides for its members (issue 16)."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)
