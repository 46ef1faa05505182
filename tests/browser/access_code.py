"""Browser steps of the way in without e-mail (docs/acces.md), for the journeys that start with a letter.

- ``code_from_letter(pdf)``: the code d'accès printed on a letter (read back from the PDF's text);
- ``first_login_with_code(page, live_server, code, password)``: open the code page as the QR code does, choose
  the password; returns the identifiant shown (the page then offers a phone number);
- ``add_phone(page, number)``: give a mobile number and type the code the SMS gateway (memory backend) got;
- ``sign_in_with_identifiant(page, login_name, password)``.
"""

import io
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

CODE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def code_from_letter(pdf: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return CODE.search(text).group(0)


def first_login_with_code(page, live_server, code: str, password: str, *, check=assert_accessible) -> str:
    page.goto(f"{live_server.url}/connexion/code/?code={code}")
    expect(page.get_by_label("Code d'accès")).to_have_value(code)
    check(page)
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisissez votre mot de passe")
    login_name = page.locator("[data-login-name]").inner_text().strip()
    check(page)
    page.get_by_label("Nouveau mot de passe", exact=True).fill(password)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(password)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon téléphone mobile")
    return login_name


def add_phone(page, number: str, *, check=assert_accessible) -> None:
    from passerelles.outbox import sms

    before = len(sms.sent)
    page.get_by_label("Numéro de téléphone mobile").fill(number)
    page.get_by_role("button", name="Recevoir un code par SMS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifier mon numéro")
    check(page)
    assert len(sms.sent) == before + 1, "no SMS was sent"
    code = re.search(r"\b(\d{6})\b", sms.sent[-1]["body"]).group(1)
    page.get_by_label("Code reçu par SMS (6 chiffres)").fill(code)
    page.get_by_role("button", name="Vérifier").click()


def sign_in_with_identifiant(page, login_name: str, password: str) -> None:
    page.goto("/comptes/login/")
    page.get_by_label("Adresse e-mail ou identifiant").fill(login_name)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
