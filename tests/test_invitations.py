"""Invitations: single use, 14 days, revocable, no enumeration, throttled, scoped to the organisation; the
administrator's roles page; the commands create-organisation, invite and import-agents --invite."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from passerelles.access.actor import build_actor
from passerelles.access.models import Role, RoleMembership
from passerelles.accounts.models import User
from passerelles.invitations import services
from passerelles.invitations.models import Invitation
from passerelles.organisations.models import Organisation
from passerelles.outbox.models import OutboxMessage
from passerelles.people.models import Agent
from tests.cast import MARKER, make_agent

LINK = re.compile(r"https?://[^\s]+/invitation/([A-Za-z0-9_\-]+)/")
NEW_PASSWORD = "Passerelle-du-matin-2026"


def _outbox(address=None):
    """What was written to the outbox (every e-mail leaves through it; its delivery is tested in
    test_outbox.py)."""
    rows = OutboxMessage.objects.order_by("pk")
    return list(rows.filter(to=address) if address else rows)


def _token_sent_to(address: str) -> str:
    messages = _outbox(address)
    assert messages, f"no e-mail to {address}"
    return LINK.search(messages[-1].body).group(1)


@pytest.fixture
def newcomer(cast):
    """An agent of the SIRH import: known to the organisation, no account yet."""
    return make_agent(cast.home, "Nina", "Nouvelle", with_account=False, email="nina.nouvelle@alpha.test")


def test_an_invitation_creates_a_passwordless_account_and_sends_a_single_use_link(cast, newcomer):
    invitation = services.invite_agent(newcomer, by=cast.users[Role.HR])
    newcomer.refresh_from_db()
    assert newcomer.user is not None and not newcomer.user.has_usable_password()
    token = _token_sent_to("nina.nouvelle@alpha.test")
    assert invitation.token_hash == services.token_hash(token) and token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=14)
    message = _outbox("nina.nouvelle@alpha.test")[-1]
    assert "Rita Ressources vous invite" in message.body and "Ville d'Alpha" in message.body

    client = Client()
    page = client.get(f"/invitation/{token}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Rita Ressources vous invite" in text and "Nina Nouvelle" in text and "new_password1" in text

    weak = client.post(f"/invitation/{token}/", {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and "trop court" in weak.content.decode()
    done = client.post(
        f"/invitation/{token}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    newcomer.user.refresh_from_db()
    assert newcomer.user.check_password(NEW_PASSWORD)

    # single use: the same link now says so, and offers to sign in
    again = Client().get(f"/invitation/{token}/")
    assert again.status_code == 410 and "déjà servi" in again.content.decode()
    # and the password works on the login page
    login = Client().post(
        reverse("account_login"), {"login": "nina.nouvelle@alpha.test", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302


def test_expired_link_says_so_and_sends_a_new_one_to_the_same_address_only(cast, newcomer):
    invitation = services.invite_agent(newcomer, by=cast.users[Role.HR])
    token = _token_sent_to("nina.nouvelle@alpha.test")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = Client().get(f"/invitation/{token}/")
    assert page.status_code == 410 and "a expiré" in page.content.decode()
    assert "new_password1" not in page.content.decode()
    refused = Client().post(
        f"/invitation/{token}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert refused.status_code == 410
    assert not User.objects.get(email="nina.nouvelle@alpha.test").has_usable_password()

    before = len(_outbox())
    renewed = Client().post(f"/invitation/{token}/", {"renouveler": "1", "email": "intrus@ailleurs.test"})
    assert renewed.status_code == 200
    assert [m.to for m in _outbox()[before:]] == ["nina.nouvelle@alpha.test"]
    assert Client().get(f"/invitation/{_token_sent_to('nina.nouvelle@alpha.test')}/").status_code == 200
    # the old link does not come back to life, and renewals are bounded
    assert Client().get(f"/invitation/{token}/").status_code == 410
    for _ in range(services.MAX_RENEWALS + 2):
        latest = Invitation.objects.filter(user__email="nina.nouvelle@alpha.test").first()
        Invitation.objects.filter(pk=latest.pk).update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        services.renew_expired(latest)
    assert (
        Invitation.objects.filter(user__email="nina.nouvelle@alpha.test").count() == services.MAX_RENEWALS + 1
    )


def test_revoked_and_replaced_links_stop_working(cast, newcomer, client_for):
    hr = client_for(cast.users[Role.HR])
    invitation = services.invite_agent(newcomer, by=cast.users[Role.HR])
    first = _token_sent_to("nina.nouvelle@alpha.test")
    assert hr.post(reverse("invitation_resend", kwargs={"invitation_id": invitation.pk})).status_code == 302
    second = _token_sent_to("nina.nouvelle@alpha.test")
    assert first != second
    assert "remplacé" in Client().get(f"/invitation/{first}/").content.decode()
    latest = Invitation.objects.filter(user=newcomer.__class__.objects.get(pk=newcomer.pk).user).first()
    confirm = hr.get(reverse("invitation_revoke", kwargs={"invitation_id": latest.pk}))
    assert confirm.status_code == 200 and "Retirer l'invitation" in confirm.content.decode()
    assert Invitation.objects.get(pk=latest.pk).revoked_at is None  # the GET only asks
    hr.post(reverse("invitation_revoke", kwargs={"invitation_id": latest.pk}))
    page = Client().get(f"/invitation/{second}/")
    assert page.status_code == 410 and "retirée" in page.content.decode()


def test_unknown_links_and_addresses_reveal_nothing(cast, newcomer):
    services.invite_agent(newcomer, by=cast.users[Role.HR])
    unknown = Client().get("/invitation/pas-un-vrai-lien/")
    assert unknown.status_code == 404 and "pas valable" in unknown.content.decode()
    assert "nina" not in unknown.content.decode().lower()
    # password reset: the same answer for a known and an unknown address
    answers = []
    for address in ("nina.nouvelle@alpha.test", "personne@nulle-part.test"):
        response = Client().post(reverse("account_reset_password"), {"email": address}, follow=True)
        answers.append((response.status_code, response.redirect_chain))
    assert answers[0] == answers[1]


def test_invitation_links_are_throttled(cast, newcomer):
    client = Client()
    statuses = [client.get(f"/invitation/essai-{n}/").status_code for n in range(25)]
    assert statuses[:20] == [404] * 20 and statuses[-1] == 429
    assert "Trop de tentatives" in client.get("/invitation/essai/").content.decode()


def test_access_list_shows_where_each_agent_stands_and_filters(cast, newcomer, client_for):
    hr = client_for(cast.users[Role.HR])
    nomail = make_agent(cast.home, "Sans", "Adresse", with_account=False, email="x@x.test")
    Agent.objects.filter(pk=nomail.pk).update(email="")
    page = hr.get(reverse("access_list", kwargs={"org_slug": cast.home.slug}))
    text = page.content.decode()
    assert page.status_code == 200 and "Pas encore invité·e" in text and "Sans adresse e-mail" in text
    assert MARKER not in text
    hr.post(reverse("invite_one", kwargs={"pk": newcomer.pk}))
    invited = hr.get(reverse("access_list", kwargs={"org_slug": cast.home.slug}), {"statut": "invite"})
    rows = re.findall(r'data-agent="(\d+)"', invited.content.decode())
    assert rows == [str(newcomer.pk)] and "Invité·e le" in invited.content.decode()
    # bad filters: no error page, nothing filtered away silently into a 500
    for query in ({"statut": "n'importe"}, {"unite": "²"}, {"unite": "99999999999999999999"}, {"page": "-1"}):
        assert hr.get(reverse("access_list", kwargs={"org_slug": cast.home.slug}), query).status_code == 200


def test_invite_a_unit_or_everyone_pending_after_a_confirmation(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    unit = cast.agents["agent"].unit
    a = make_agent(cast.home, "Un", "Service", unit=unit, with_account=False)
    b = make_agent(cast.home, "Deux", "Ailleurs", with_account=False)
    url = reverse("invite_many", kwargs={"org_slug": cast.home.slug})
    confirm = hr.get(url, {"unite": unit.pk})
    assert "1 agent en poste" in confirm.content.decode()
    assert not Invitation.objects.filter(agent__in=[a, b]).exists()  # the GET only counts
    hr.post(url, {"unite": unit.pk})
    assert set(Invitation.objects.filter(agent__in=[a, b]).values_list("agent", flat=True)) == {a.pk}
    assert "Inviter tous" in hr.get(url).content.decode()
    hr.post(url)
    assert Invitation.objects.filter(agent=b).count() == 1
    assert Invitation.objects.filter(agent=a).count() == 1  # not invited twice
    # another organisation's unit is unknown here
    assert hr.post(url, {"unite": cast.outsider_unit.pk}).status_code == 302
    assert not Invitation.objects.filter(
        agent__organisation=cast.outsider, invited_by=cast.users[Role.HR]
    ).exists()


def test_an_organisation_cannot_invite_into_or_see_another(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    outsider_page = hr.get(reverse("access_list", kwargs={"org_slug": cast.outsider.slug}))
    assert outsider_page.status_code == 404
    assert hr.post(reverse("invite_one", kwargs={"pk": cast.outsider_agent.pk})).status_code == 404
    invitation = cast.outsider_invitation
    assert hr.post(reverse("invitation_revoke", kwargs={"invitation_id": invitation.pk})).status_code == 404
    assert hr.post(reverse("invitation_resend", kwargs={"invitation_id": invitation.pk})).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    admin = client_for(cast.users[Role.ADMIN])
    assert admin.get(reverse("roles_page", kwargs={"org_slug": cast.outsider.slug})).status_code == 404
    assert (
        admin.post(
            reverse("roles_page", kwargs={"org_slug": cast.outsider.slug}),
            {"email": "espion@alpha.test", "roles": ["admin"]},
        ).status_code
        == 404
    )
    assert not User.objects.filter(email="espion@alpha.test").exists()
    removal = reverse("role_remove", kwargs={"membership_id": cast.outsider_membership.pk})
    assert admin.post(removal).status_code == 404
    assert RoleMembership.objects.filter(pk=cast.outsider_membership.pk).exists()
    # agents and HR do not manage roles
    assert hr.get(reverse("roles_page", kwargs={"org_slug": cast.home.slug})).status_code == 403
    agent = client_for(cast.users[Role.AGENT])
    assert agent.get(reverse("access_list", kwargs={"org_slug": cast.home.slug})).status_code == 403


def test_the_administrator_gives_roles_inviting_newcomers(cast, client_for):
    admin = client_for(cast.users[Role.ADMIN])
    url = reverse("roles_page", kwargs={"org_slug": cast.home.slug})
    refused = admin.post(url, {"email": "pas-une-adresse", "roles": ["hr"]})
    assert refused.status_code == 200 and not User.objects.filter(email="pas-une-adresse").exists()
    assert "Cochez au moins un rôle" in admin.post(url, {"email": "a@alpha.test"}).content.decode()
    admin.post(
        url,
        {
            "email": "Sig.Naire@Alpha.test",
            "first_name": "Sig",
            "last_name": "Naire",
            "roles": ["signatory", "hr"],
        },
    )
    user = User.objects.get(email="sig.naire@alpha.test")
    assert set(
        RoleMembership.objects.filter(user=user, organisation=cast.home).values_list("role", flat=True)
    ) == {
        "signatory",
        "hr",
    }
    assert Invitation.objects.filter(user=user, organisation=cast.home).count() == 1
    # a person already using Passerelles is told by e-mail, not invited
    admin.post(url, {"email": cast.users[Role.HOST].email, "roles": ["signatory"]})
    assert not Invitation.objects.filter(user=cast.users[Role.HOST]).exists()
    assert "nouveau rôle" in _outbox(cast.users[Role.HOST].email)[-1].subject
    page = admin.get(url).content.decode()
    assert "sig.naire@alpha.test" in page and MARKER not in page


def test_a_removed_role_stops_at_the_next_request_and_the_last_admin_stays(cast, client_for):
    admin_user = cast.users[Role.ADMIN]
    admin = client_for(admin_user)
    hr_membership = RoleMembership.objects.get(user=cast.users[Role.HR], organisation=cast.home, role=Role.HR)
    hr = client_for(cast.users[Role.HR])
    review = reverse("access_list", kwargs={"org_slug": cast.home.slug})
    assert hr.get(review).status_code == 200
    confirm = admin.get(reverse("role_remove", kwargs={"membership_id": hr_membership.pk}))
    assert confirm.status_code == 200 and RoleMembership.objects.filter(pk=hr_membership.pk).exists()
    admin.post(reverse("role_remove", kwargs={"membership_id": hr_membership.pk}))
    assert hr.get(review).status_code == 403
    own = RoleMembership.objects.get(user=admin_user, organisation=cast.home, role=Role.ADMIN)
    response = admin.post(reverse("role_remove", kwargs={"membership_id": own.pk}), follow=True)
    assert "au moins un·e administrateur·rice" in response.content.decode()
    assert build_actor(admin_user).has_role(Role.ADMIN, cast.home)


def test_create_organisation_command(db, capsys):
    call_command("create_organisation", name="Commune d'Essai", slug="essai", admin_email="Admin@Essai.test")
    organisation = Organisation.objects.get(slug="essai")
    admin = User.objects.get(email="admin@essai.test")
    assert build_actor(admin).has_role(Role.ADMIN, organisation)
    assert _token_sent_to("admin@essai.test")
    for args, expected in (
        (["--slug", "essai", "--admin-email", "b@essai.test"], "déjà pris"),
        (["--slug", "autre", "--admin-email", "pas-une-adresse"], "n'est pas une adresse e-mail"),
        (["--slug", "pas un slug", "--admin-email", "b@essai.test"], "n'est pas valable"),
    ):
        with pytest.raises(SystemExit) as stop:
            call_command(
                "create_organisation",
                name="Autre",
                **{k.strip("-").replace("-", "_"): v for k, v in zip(args[::2], args[1::2], strict=True)},
            )
        assert stop.value.code == 2
        error = capsys.readouterr().err.strip()
        assert expected in error and len(error.splitlines()) == 1
    assert Organisation.objects.count() == 1


def test_import_agents_with_invite_invites_every_new_agent_with_an_address(db, tmp_path):
    call_command("create_organisation", name="Commune d'Essai", slug="essai", admin_email="admin@essai.test")
    export = tmp_path / "agents.csv"
    export.write_text(
        "matricule;nom;prénom;email;direction;service;matricule du responsable;catégorie;grade;statut;site\n"
        "A1;Martin;Léa;lea.martin@essai.test;Services techniques;Voirie;;B;;titulaire;\n"
        "A2;Durand;Omar;;Services techniques;Voirie;A1;C;;titulaire;\n"
        "A3;Petit;Inès;ines.petit@essai.test;Enfance;Crèche;;C;;contractuel;\n",
        encoding="utf-8",
    )
    before = len(_outbox())
    call_command("import_agents", str(export), org="essai", dry_run=True, invite=True)
    assert len(_outbox()) == before and not Agent.objects.exists()
    call_command("import_agents", str(export), org="essai", invite=True)
    assert sorted(m.to for m in _outbox()[before:]) == ["ines.petit@essai.test", "lea.martin@essai.test"]
    assert Invitation.objects.filter(organisation__slug="essai", agent__isnull=False).count() == 2
    # a second run creates nobody and invites nobody again
    before = len(_outbox())
    call_command("import_agents", str(export), org="essai", invite=True)
    assert len(_outbox()) == before


def test_invite_command_targets(db, tmp_path):
    call_command("create_organisation", name="Commune d'Essai", slug="essai", admin_email="admin@essai.test")
    export = tmp_path / "agents.csv"
    export.write_text(
        "matricule;nom;prénom;email;direction;service;catégorie;statut\n"
        "A1;Martin;Léa;lea.martin@essai.test;Services techniques;Voirie;B;titulaire\n"
        "A3;Petit;Inès;ines.petit@essai.test;Enfance;Crèche;C;contractuel\n",
        encoding="utf-8",
    )
    call_command("import_agents", str(export), org="essai")
    assert not Invitation.objects.filter(agent__isnull=False).exists()
    call_command("invite", org="essai", email="LEA.martin@essai.test")
    assert Invitation.objects.filter(agent__email="lea.martin@essai.test").count() == 1
    call_command("invite", org="essai", all_pending=True)
    assert Invitation.objects.filter(agent__isnull=False).count() == 2
    with pytest.raises(SystemExit) as stop:
        call_command("invite", org="essai", email="inconnu@essai.test")
    assert stop.value.code == 2
    with pytest.raises(SystemExit):
        call_command("invite", org="nulle-part", all_pending=True)


def test_password_reset_by_email_works_for_a_local_account(cast, newcomer):
    services.invite_agent(newcomer, by=cast.users[Role.HR])
    token = _token_sent_to("nina.nouvelle@alpha.test")
    Client().post(f"/invitation/{token}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "Nina.Nouvelle@alpha.test"})
    reset = re.search(
        r"https?://[^\s]+(/comptes/password/reset/key/[^\s]+/)", _outbox("nina.nouvelle@alpha.test")[-1].body
    )
    assert reset, _outbox("nina.nouvelle@alpha.test")[-1].body
    form = client.get(reset.group(1), follow=True)
    assert form.status_code == 200 and "password1" in form.content.decode()
    new = "Un-tout-nouveau-secret-2026"
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else reset.group(1),
        {"password1": new, "password2": new},
    )
    assert done.status_code == 302
    assert User.objects.get(email="nina.nouvelle@alpha.test").check_password(new)


def test_a_large_batch_is_sent_by_the_task_worker(cast, client_for, monkeypatch):
    monkeypatch.setattr(services, "INLINE_LIMIT", 1)
    hr = client_for(cast.users[Role.HR])
    people = [make_agent(cast.home, f"Lot{n}", "Nombreux", with_account=False) for n in range(3)]
    response = hr.post(reverse("invite_many", kwargs={"org_slug": cast.home.slug}), follow=True)
    assert "partent en arrière-plan" in response.content.decode()
    assert Invitation.objects.filter(agent__in=people).count() == 3


def test_a_link_does_not_reset_the_password_of_someone_who_got_in_another_way(cast, newcomer):
    services.invite_agent(newcomer, by=cast.users[Role.HR])
    token = _token_sent_to("nina.nouvelle@alpha.test")
    user = User.objects.get(email="nina.nouvelle@alpha.test")
    user.set_password("Choisi-autrement-2026")
    user.save()
    page = Client().post(
        f"/invitation/{token}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert page.status_code == 410 and "déjà servi" in page.content.decode()
    user.refresh_from_db()
    assert user.check_password("Choisi-autrement-2026")
