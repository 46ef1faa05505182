"""Accounts without a professional e-mail (docs/acces.md): codes d'accès, letters, the first login, sign-in
by identifiant, phone and personal address, and password recovery by SMS."""

import datetime
import io
import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from passerelles.access.models import Role
from passerelles.access.policies import can_print_access_letter, printable_access_letter_ids
from passerelles.accounts import access_codes, sms_codes
from passerelles.accounts.models import AccessCode, SmsCode, SmsPurpose, User
from passerelles.outbox import sms
from passerelles.people.access_letters import LetterRefused, prepare_letter
from passerelles.people.models import Agent
from tests.cast import PASSWORD, enrol, grant, make_agent

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "une-phrase-de-passe-solide-77"


def _agent_without_email(cast, first="Marie", last="Dupont") -> Agent:
    manager = cast.agents["manager"]
    return make_agent(
        cast.home, first, last, unit=manager.unit, manager=manager, with_account=False, email="-"
    )


@pytest.fixture
def marie(cast):
    agent = _agent_without_email(cast)
    Agent.objects.filter(pk=agent.pk).update(email="")
    agent.refresh_from_db()
    return agent


# --- Codes ---------------------------------------------------------------------------------------------


def test_generated_codes_use_the_alphabet_and_have_sixty_bits():
    codes = {access_codes.generate_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 12 and set(code) <= set(access_codes.ALPHABET)
    assert len(access_codes.ALPHABET) ** access_codes.LENGTH >= 2**60
    assert not set("ILOU") & set(access_codes.ALPHABET)


def test_codes_are_read_kindly_and_grouped():
    assert access_codes.format_code("K7QM4TXP9HRW") == "K7QM-4TXP-9HRW"
    assert access_codes.normalise_code(" k7qm 4txp-9hrw ") == "K7QM4TXP9HRW"
    assert access_codes.normalise_code("DEMO-K7QM-4TXP") == "DEM0K7QM4TXP"  # O read as zero
    assert access_codes.normalise_code("DEM1-K7QM-4TXL") == access_codes.normalise_code("DEMI-K7QM-4TX1")
    assert access_codes.normalise_code("K7QM-4TXP") == ""  # too short
    assert access_codes.normalise_code("K7QM-4TXP-9HR!") == ""


def test_only_a_keyed_hash_is_stored(marie, cast):
    letter = prepare_letter(marie, by=cast.users["hr"])
    stored = AccessCode.objects.get(user=marie.user)
    code = access_codes.normalise_code(letter.code)
    assert code not in stored.code_hash and stored.code_hash != code
    assert stored.created_by == cast.users["hr"]
    assert stored.expires_at - stored.created_at == datetime.timedelta(days=30)


def test_code_works_once_and_expires(marie, cast):
    hr = cast.users["hr"]
    now = timezone.now()
    prepare_letter(marie, by=hr)  # makes the account
    access_code, code = access_codes.issue_code(marie.user, by=hr, now=now)
    assert access_codes.find_usable(code) == access_code
    access_codes.redeem(access_code, NEW_PASSWORD)
    with pytest.raises(access_codes.CodeRefused, match="ne fonctionne plus"):
        access_codes.find_usable(code)

    access_code, code = access_codes.issue_code(marie.user, by=hr, now=now - datetime.timedelta(days=31))
    with pytest.raises(access_codes.CodeRefused, match="ne fonctionne plus"):
        access_codes.find_usable(code)
    with pytest.raises(access_codes.CodeRefused, match="pas reconnu"):
        access_codes.find_usable(access_codes.generate_code())
    with pytest.raises(access_codes.CodeRefused, match="bonne forme"):
        access_codes.find_usable("<script>")


def test_a_new_letter_revokes_the_unused_code(marie, cast):
    first = prepare_letter(marie, by=cast.users["hr"])
    second = prepare_letter(marie, by=cast.agents["manager"].user)
    with pytest.raises(access_codes.CodeRefused, match="ne fonctionne plus"):
        access_codes.find_usable(first.code)
    assert access_codes.find_usable(second.code).user == marie.user
    assert AccessCode.objects.filter(user=marie.user, revoked_at__isnull=False).count() == 1


def test_login_names_are_made_from_the_name_and_unique(cast):
    assert access_codes.login_name_for("Marie-Hélène", "Dupont") == "marie-helene.dupont"
    User.objects.create_user(email=None, login_name="marie.dupont")
    User.objects.create_user(email=None, login_name="marie.dupont2")
    assert access_codes.login_name_for("Marie", "Dupont") == "marie.dupont3"
    assert access_codes.login_name_for("", "") == "agent"


# --- Letters -------------------------------------------------------------------------------------------


def test_letter_creates_the_account_with_an_identifiant(marie, cast):
    letter = prepare_letter(marie, by=cast.users["hr"])
    marie.refresh_from_db()
    assert marie.user is not None and marie.user.email is None
    assert marie.user.login_name == letter.login_name == "marie.dupont"
    assert not marie.user.has_usable_password()
    assert str(marie.user) == "Marie Dupont"
    assert letter.qr_url.endswith("/connexion/code/?code=" + letter.code)


def test_agent_with_an_email_can_still_get_a_letter(cast):
    paul = cast.agents["agent"]
    letter = prepare_letter(paul, by=cast.users["hr"])
    paul.user.refresh_from_db()
    assert paul.user.email == "paul.agent@ville-alpha.test"
    assert paul.user.login_name == letter.login_name == "paul.agent"


def test_letter_refused_for_an_agent_who_left(marie, cast):
    Agent.objects.filter(pk=marie.pk).update(is_active=False)
    marie.refresh_from_db()
    with pytest.raises(LetterRefused, match="n'est plus en poste"):
        prepare_letter(marie, by=cast.users["hr"])
    assert not AccessCode.objects.exists()


def test_who_may_print_a_letter(marie, cast):
    assert can_print_access_letter(cast.users["hr"], marie)
    assert can_print_access_letter(cast.agents["manager"].user, marie)
    for role in ("agent", Role.HOST, Role.SIGNATORY, Role.ADMIN):
        assert not can_print_access_letter(cast.users[role], marie), role
    # a manager never prints one for a team member holding a role with two-factor sign-in
    paul = cast.agents["agent"]
    assert can_print_access_letter(cast.agents["manager"].user, paul)
    grant(paul, cast.home, Role.SIGNATORY)
    assert not can_print_access_letter(cast.agents["manager"].user, paul)
    # the team page asks the same rule for all its rows at once
    assert printable_access_letter_ids(cast.agents["manager"].user, [marie, paul]) == {marie.pk}
    assert printable_access_letter_ids(cast.users["hr"], [marie, paul]) == {marie.pk, paul.pk}
    assert printable_access_letter_ids(cast.users[Role.HOST], [marie, paul]) == set()


@pytest.mark.parametrize(
    ("who", "status"),
    [("hr", 200), ("manager", 200), ("agent", 404), (Role.HOST, 404), (Role.ADMIN, 403), ("outsider", 404)],
)
def test_letter_page_rights(marie, cast, client_for, who, status):
    user = Agent.objects.get(last_name__endswith="chef").user if who == "outsider" else cast.users[who]
    client = client_for(user)
    assert client.get(f"/agents/{marie.pk}/lettre-acces/").status_code == status
    # without the print button's value: the page again, nothing printed
    response = client.post(f"/agents/{marie.pk}/lettre-acces/")
    assert response.status_code == status and not AccessCode.objects.exists()
    response = client.post(f"/agents/{marie.pk}/lettre-acces/", {"imprimer": "oui"})
    assert response.status_code == status
    assert AccessCode.objects.exists() == (status == 200)


def _pdf_text_and_qr(data: bytes) -> tuple[str, list[str]]:
    import pypdfium2
    import zxingcpp
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    pdf = pypdfium2.PdfDocument(data)
    found = []
    for index in range(len(pdf)):
        image = pdf[index].render(scale=3).to_pil()
        found += [result.text for result in zxingcpp.read_barcodes(image)]
    return text, found


def test_letter_pdf_reads_back(marie, cast, client_for, settings):
    settings.SITE_URL = "https://passerelles.example.fr"
    response = client_for(cast.users["hr"]).post(f"/agents/{marie.pk}/lettre-acces/", {"imprimer": "oui"})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    text, qr = _pdf_text_and_qr(response.content)
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", text).group(0)
    assert "Marie Dupont" in text and "marie.dupont" in text
    assert "https://passerelles.example.fr/connexion/code/" in text
    assert qr == [f"https://passerelles.example.fr/connexion/code/?code={code}"]
    assert access_codes.find_usable(code).user.login_name == "marie.dupont"


def test_batch_of_letters_one_page_each(cast, client_for):
    agents = [_agent_without_email(cast, "Ana", "Sans"), _agent_without_email(cast, "Bob", "Sans")]
    Agent.objects.filter(pk__in=[a.pk for a in agents]).update(email="")
    client = client_for(cast.users["hr"])
    page = client.get(f"/organisations/{cast.home.slug}/lettres-acces/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Ana" in content and "Bob" in content and "Paul" not in content  # without address only, by default
    outsider = Agent.objects.get(last_name__endswith="agent", organisation=cast.outsider)
    response = client.post(
        f"/organisations/{cast.home.slug}/lettres-acces/",
        {
            "filtre": "1",
            "sans_adresse": "1",
            "imprimer": "oui",
            "agents": [agents[0].pk, agents[1].pk, outsider.pk, "x"],
        },
    )
    assert response["Content-Type"] == "application/pdf"
    text, qr = _pdf_text_and_qr(response.content)
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2  # one page per letter
    assert "Ana Sans" in text and "Bob Sans" in text and "Zack" not in text
    assert len(qr) == 2
    assert AccessCode.objects.count() == 2
    # nothing chosen: a French message, no letter
    response = client.post(
        f"/organisations/{cast.home.slug}/lettres-acces/", {"filtre": "1", "imprimer": "oui"}, follow=True
    )
    assert "Cochez au moins une personne" in response.content.decode()
    assert AccessCode.objects.count() == 2
    # the manager is not HR: no batch
    assert (
        client_for(cast.agents["manager"].user)
        .get(f"/organisations/{cast.home.slug}/lettres-acces/")
        .status_code
        == 403
    )


# --- First login with the code -------------------------------------------------------------------------


def test_first_login_with_the_code(marie, cast, client):
    letter = prepare_letter(marie, by=cast.users["hr"])
    page = client.get(f"/connexion/code/?code={letter.code}")
    assert letter.code in page.content.decode()
    response = client.post("/connexion/code/", {"code": letter.code.lower().replace("-", " ")})
    assert response["Location"] == "/connexion/code/mot-de-passe/"
    page = client.get("/connexion/code/mot-de-passe/").content.decode()
    assert "Marie Dupont" in page and "marie.dupont" in page
    # a weak password is refused, in French; the code still works
    response = client.post(
        "/connexion/code/mot-de-passe/", {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert "Ce mot de passe est trop court" in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post(
        "/connexion/code/mot-de-passe/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/compte/telephone/"
    assert int(client.session["_auth_user_id"]) == marie.user.pk
    # single use
    client.post("/comptes/logout/")
    response = client.post("/connexion/code/", {"code": letter.code})
    assert "ne fonctionne plus" in response.content.decode()


def test_wrong_code_says_nothing_about_accounts(cast, client):
    response = client.post("/connexion/code/", {"code": "AAAA-BBBB-CCCC"})
    content = response.content.decode()
    assert response.status_code == 200 and "pas reconnu" in content
    assert client.get("/connexion/code/mot-de-passe/")["Location"] == "/connexion/code/"


def test_typing_codes_is_rate_limited(cast, client, marie):
    letter = prepare_letter(marie, by=cast.users["hr"])
    for _ in range(10):
        client.post("/connexion/code/", {"code": access_codes.generate_code()})
    response = client.post("/connexion/code/", {"code": letter.code})
    assert response.status_code == 429 and "Trop d'essais" in response.content.decode()
    assert "passerelles_access_code" not in client.session


# --- Sign-in by identifiant ----------------------------------------------------------------------------


def test_sign_in_with_the_identifiant(cast, client):
    user = User.objects.create_user(email=None, login_name="Marie.Dupont", password=NEW_PASSWORD)
    assert user.login_name == "marie.dupont"
    response = client.post("/comptes/login/", {"login": "MARIE.DUPONT", "password": NEW_PASSWORD})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk
    other = Client()
    response = other.post("/comptes/login/", {"login": "marie.dupont", "password": "mauvais"})
    assert "_auth_user_id" not in other.session and response.status_code == 200
    assert "incorrect" in response.content.decode()


def test_account_without_email_works_on_its_pages(cast, client_for):
    user = User.objects.create_user(email=None, login_name="sans.adresse", password=NEW_PASSWORD)
    client = client_for(user)
    page = client.get("/compte/")
    assert page.status_code == 200 and "sans.adresse" in page.content.decode()
    assert client.get("/compte/telephone/").status_code == 200
    assert client.get("/compte/adresse-personnelle/").status_code == 200
    admin = User.objects.create_superuser(email="operateur@example.test", password=NEW_PASSWORD)
    enrol(admin)
    staff = client_for(admin)
    assert staff.get("/admin/accounts/user/").status_code == 200
    assert staff.get(f"/admin/accounts/user/{user.pk}/change/").status_code == 200


# --- Phone ---------------------------------------------------------------------------------------------


def _last_code() -> str:
    return re.search(r"\b(\d{6})\b", sms.sent[-1]["body"]).group(1)


def test_phone_verified_by_sms(cast, client_for, django_capture_on_commit_callbacks):
    user = cast.users["agent"]
    client = client_for(user)
    response = client.post("/compte/telephone/", {"action": "envoyer", "phone": "06 aa"})
    assert "pas un numéro de mobile" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/telephone/", {"action": "envoyer", "phone": "06 12 34 56 78"})
    assert response["Location"] == "/compte/telephone/code/"
    assert len(sms.sent) == 1
    user.refresh_from_db()
    assert user.phone == ""  # not before the code is typed
    response = client.post(
        "/compte/telephone/code/", {"code": "000000" if _last_code() != "000000" else "111111"}
    )
    assert "Code incorrect" in response.content.decode()
    response = client.post("/compte/telephone/code/", {"code": _last_code()})
    assert response["Location"] == "/compte/"
    user.refresh_from_db()
    assert user.phone == "+33612345678" and user.phone_verified_at is not None
    client.post("/compte/telephone/", {"action": "retirer"})
    user.refresh_from_db()
    assert user.phone == "" and user.phone_verified_at is None


def test_sms_codes_expire_and_stop_after_five_tries(cast):
    user = cast.users["agent"]
    sms_code = sms_codes.send_code(user, phone="+33612345678", purpose=SmsPurpose.VERIFY_PHONE)
    for _ in range(5):
        with pytest.raises(sms_codes.SmsCodeRefused):
            sms_codes.check_code(user, purpose=SmsPurpose.VERIFY_PHONE, code="abc")
    sms_code.refresh_from_db()
    assert sms_code.attempts == 5
    with pytest.raises(sms_codes.SmsCodeRefused, match="ne fonctionne plus"):
        sms_codes.check_code(user, purpose=SmsPurpose.VERIFY_PHONE, code="123456")
    sms_codes.send_code(user, phone="+33612345678", purpose=SmsPurpose.VERIFY_PHONE)
    later = timezone.now() + datetime.timedelta(minutes=11)
    with pytest.raises(sms_codes.SmsCodeRefused, match="ne fonctionne plus"):
        sms_codes.check_code(user, purpose=SmsPurpose.VERIFY_PHONE, code="123456", now=later)
    assert SmsCode.objects.filter(user=user).count() == 2


def test_asking_for_codes_is_rate_limited(cast, client_for):
    client = client_for(cast.users["agent"])
    for _ in range(3):
        client.post("/compte/telephone/", {"action": "envoyer", "phone": "0612345678"})
    response = client.post("/compte/telephone/", {"action": "envoyer", "phone": "0612345678"})
    assert "Trop de codes demandés" in response.content.decode()
    assert SmsCode.objects.count() == 3


# --- Personal e-mail -----------------------------------------------------------------------------------


def test_personal_email_given_confirmed_and_removed(cast, client_for, django_capture_on_commit_callbacks):
    user = User.objects.create_user(email=None, login_name="marie.dupont", password=NEW_PASSWORD)
    client = client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/adresse-personnelle/", {"action": "envoyer", "email": "Marie@Exemple.fr"})
    user.refresh_from_db()
    assert user.email is None  # not before the link is followed
    link = re.search(r"https?://\S+/compte/adresse-personnelle/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    client.post("/" + path)
    user.refresh_from_db()
    assert user.email == "marie@exemple.fr" and user.email_is_personal and user.personal_email_given_at
    # the link cannot be used again once the address changed
    assert client.post("/" + path).status_code == 410
    client.post("/compte/adresse-personnelle/", {"action": "retirer"})
    user.refresh_from_db()
    assert user.email is None and not user.email_is_personal and user.personal_email_given_at is None


def test_removal_refused_without_another_way_in(cast, client_for):
    user = User.objects.create_user(email="perso@exemple.fr", password=NEW_PASSWORD)
    User.objects.filter(pk=user.pk).update(email_is_personal=True)
    response = client_for(user).post("/compte/adresse-personnelle/", {"action": "retirer"}, follow=True)
    assert "vous ne pourriez plus vous connecter" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "perso@exemple.fr"


def test_professional_address_is_not_replaced_here(cast, client_for):
    client = client_for(cast.users["agent"])
    response = client.post("/compte/adresse-personnelle/", {"action": "envoyer", "email": "moi@exemple.fr"})
    assert "adresse professionnelle" in response.content.decode()
    assert not mail.outbox


def test_forged_confirmation_link_is_refused(cast, client):
    assert client.get("/compte/adresse-personnelle/lien-invente/").status_code == 410


# --- Password recovery by SMS --------------------------------------------------------------------------


def _sms_person():
    return User.objects.create_user(
        email=None,
        login_name="marie.dupont",
        password=NEW_PASSWORD,
        phone="+33612345678",
        phone_verified_at=timezone.now(),
    )


def test_password_reset_by_sms(cast, client, django_capture_on_commit_callbacks):
    user = _sms_person()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/connexion/mot-de-passe-sms/", {"login": "Marie.Dupont"})
    assert response["Location"] == "/connexion/mot-de-passe-sms/code/"
    assert sms.sent and sms.sent[-1]["to"] == "+33612345678"
    code = _last_code()
    fresh = "une-autre-phrase-solide-88"
    response = client.post(
        "/connexion/mot-de-passe-sms/code/", {"code": code, "new_password1": fresh, "new_password2": fresh}
    )
    assert response["Location"] == "/comptes/login/"
    user.refresh_from_db()
    assert user.check_password(fresh)
    # by the number too, and the answer is the same for an unknown account
    known = client.post("/connexion/mot-de-passe-sms/", {"login": "06 12 34 56 78"})
    unknown = client.post("/connexion/mot-de-passe-sms/", {"login": "personne.inconnue"})
    assert known["Location"] == unknown["Location"] == "/connexion/mot-de-passe-sms/code/"
    page = client.get("/connexion/mot-de-passe-sms/code/").content.decode()
    assert "Si ce compte a un numéro de téléphone vérifié" in page
    response = client.post(
        "/connexion/mot-de-passe-sms/code/",
        {"code": "123456", "new_password1": fresh, "new_password2": fresh},
    )
    assert "Code incorrect" in response.content.decode()


def test_no_sms_to_an_unverified_number(cast, client, django_capture_on_commit_callbacks):
    user = _sms_person()
    User.objects.filter(pk=user.pk).update(phone_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/connexion/mot-de-passe-sms/", {"login": "marie.dupont"})
    assert not sms.sent


def test_sms_reset_is_rate_limited(cast, client):
    _sms_person()
    for _ in range(3):
        client.post("/connexion/mot-de-passe-sms/", {"login": "marie.dupont"})
    response = client.post("/connexion/mot-de-passe-sms/", {"login": "marie.dupont"})
    assert response.status_code == 429
    assert SmsCode.objects.count() == 3


def test_password_reset_page_offers_sms(client, db):
    content = client.get("/comptes/password/reset/").content.decode()
    assert "/connexion/mot-de-passe-sms/" in content and "service RH" in content


def test_printed_letter_tells_an_account_in_use(cast):
    paul = cast.agents["agent"]
    User.objects.filter(pk=paul.user.pk).update(last_login=timezone.now(), password=make_password(PASSWORD))
    paul.refresh_from_db()
    prepare_letter(paul, by=cast.users["hr"])
    from passerelles.notifications.models import Notification

    assert Notification.objects.filter(user=paul.user, kind="account").exists()
