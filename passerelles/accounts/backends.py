"""Log in with the account's own address, or its identifiant, only.

allauth's backend also accepts any address recorded for the account, including one the person has just
typed as their new address and not yet confirmed; here the login is the account's address (``User.email``,
which changes only when a new address is confirmed) or its identifiant (``User.login_name``, printed on an
access-code letter for the agents who have no professional address).
"""

from allauth.account.auth_backends import AuthenticationBackend


class AccountAddressBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        login = (credentials.get("email") or credentials.get("username") or "").strip().lower()
        if user is not None and login and login not in {(user.email or "").lower(), user.login_name or ""}:
            return None
        return user
