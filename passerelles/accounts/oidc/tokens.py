"""Checking the JSON Web Tokens an identity provider sends: the ID token, and the user info when it comes
signed (ProConnect answers ``application/jwt``).

Every token is checked against the provider's published keys, always: allauth skips the signature of an ID
token it fetched itself, which the OpenID Connect specification allows over TLS, but a misconfigured proxy or
a wrong issuer URL would then go unnoticed. Only asymmetric algorithms are accepted, never ``none`` nor a
secret shared with whoever holds the client secret.
"""

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error

ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
# Seconds of clock difference tolerated between the provider and this server (exp, iat, nbf).
LEEWAY = 60


class TokenError(OAuth2Error):
    """A token or an answer of the provider is refused; allauth shows its authentication error page."""


def fetch_json(url: str, **kwargs) -> dict:
    """GET a JSON document from the provider, within SOCIALACCOUNT_REQUESTS_TIMEOUT."""
    with get_adapter().get_requests_session() as session:
        response = session.get(url, **kwargs)
        response.raise_for_status()
        try:
            data = response.json()
        except ValueError as exc:
            raise TokenError(f"{url} did not answer JSON") from exc
    if not isinstance(data, dict):
        raise TokenError(f"{url} did not answer a JSON object")
    return data


def _signing_keys(jwks: dict, header: dict) -> list:
    alg, kid = header["alg"], header.get("kid")
    keys = []
    for data in jwks.get("keys") or []:
        if not isinstance(data, dict) or data.get("use", "sig") != "sig":
            continue
        if kid is not None and data.get("kid") != kid:
            continue
        if data.get("alg", alg) != alg:
            continue
        try:
            keys.append(jwt.PyJWK(data, algorithm=alg).key)
        except (jwt.PyJWTError, ValueError, TypeError):
            continue  # a key of another type (an EC key for an RSA signature…), or a broken one
    return keys


def verify(token: str, *, jwks_uri: str, issuer: str | None, audience: str | None, require=()) -> dict:
    """The claims of ``token`` once its signature (with one of the provider's keys), its dates and, when
    given, its issuer and audience are checked. Raises ``TokenError`` otherwise."""
    try:
        header = jwt.get_unverified_header(token)
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise TokenError("malformed token") from exc
    if header.get("alg") not in ALGORITHMS:
        raise TokenError(f"signature algorithm {header.get('alg')!r} refused")
    keys = _signing_keys(fetch_json(jwks_uri), header)
    if not keys:
        raise TokenError("no published key matches the token")
    options = {"require": list(require), "verify_aud": audience is not None}
    last_error = None
    for key in keys:
        try:
            return jwt.decode(
                token,
                key=key,
                algorithms=[header["alg"]],
                issuer=issuer,
                audience=audience,
                leeway=LEEWAY,
                options=options,
            )
        except jwt.InvalidSignatureError as exc:
            last_error = exc
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise TokenError(f"token refused: {exc}") from exc
    raise TokenError("token signature does not match the provider's keys") from last_error
