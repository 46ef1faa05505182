from allauth.account.views import email as allauth_email_view

from passerelles.accounts.services import trust_account_address


def email_settings(request, *args, **kwargs):
    """allauth's « Adresse e-mail » page, after making sure the account's current address is the verified
    one: a new address must then be confirmed before it replaces it."""
    if request.user.is_authenticated:
        trust_account_address(request.user)
    return allauth_email_view(request, *args, **kwargs)
