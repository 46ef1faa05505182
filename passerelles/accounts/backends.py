"""Log in with the account's own address only.

allauth's backend also accepts any address recorded for the account, including one the person has just
typed as their new address and not yet confirmed; here the login address is the account's address
(``User.email``), which changes only when a new address is confirmed.
"""

from allauth.account.auth_backends import AuthenticationBackend


class AccountAddressBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        login = (credentials.get("email") or credentials.get("username") or "").strip().lower()
        if user is not None and login and login != (user.email or "").lower():
            return None
        return user
