"""A real OpenID Connect provider for the tests, on 127.0.0.1 in a thread (http.server, PyJWT, RSA keys
generated per run): discovery, JWKS, authorize, token, user info (JSON or a signed JWT like ProConnect's)
and end_session. Switches make it misbehave the ways a provider or an attacker can: wrong issuer, expired ID
token, ID token signed by another key, unverified address, another nonce, slow answers.

    provider = OIDCTestProvider().start()
    provider.identity["email"] = "someone@example.test"
    settings.SOCIALACCOUNT_PROVIDERS = provider.providers_setting()
    …
    provider.stop()
"""

import contextlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from passerelles.accounts.oidc.config import providers_setting

CLIENT_ID = "passerelles-test"
CLIENT_SECRET = "secret-de-test-0123456789"
DEFAULT_IDENTITY = {
    "sub": "sub-0001",
    "email": "agent@exemple.test",
    "given_name": "Camille",
    "usual_name": "Martin",
    "uid": "uid-0001",
    "siret": "21380185500015",
    "idp_id": "idp-test",
}


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class OIDCTestProvider:
    def __init__(self):
        self.key = _new_key()
        self.other_key = _new_key()  # signs forged tokens; never published
        self.kid = secrets.token_hex(8)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.reset()

    # -- life cycle -------------------------------------------------------------------------------------
    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        self.identity = dict(DEFAULT_IDENTITY)
        self.userinfo_as_jwt = False
        self.wrong_issuer = False  # the ID token names another issuer
        self.discovery_issuer = None  # the discovery document names this issuer instead
        self.expired = False  # the ID token expired an hour ago
        self.forged = False  # the ID token is signed by a key the provider never published
        self.other_nonce = False  # the ID token carries another nonce than the one sent
        self.with_end_session = True
        self.delay = 0.0  # seconds the token endpoint waits before answering
        self.codes = {}
        self.requests = []  # (path, query or form) of every request received

    def providers_setting(self, **overrides):
        """SOCIALACCOUNT_PROVIDERS pointing at this provider."""
        return providers_setting(issuer=self.issuer, client_id=CLIENT_ID, secret=CLIENT_SECRET, **overrides)

    def last(self, path: str) -> dict:
        return next(params for seen, params in reversed(self.requests) if seen == path)

    # -- tokens -----------------------------------------------------------------------------------------
    def _sign(self, claims: dict, key=None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def _id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": "https://pirate.example" if self.wrong_issuer else self.issuer,
            "sub": self.identity["sub"],
            "aud": CLIENT_ID,
            "iat": now - (7200 if self.expired else 0),
            "exp": now + (-3600 if self.expired else 60),
            "nonce": "autre-nonce-" + secrets.token_hex(8) if self.other_nonce else nonce,
            "acr": "eidas1",
            "jti": secrets.token_hex(12),
        }
        return self._sign(claims, self.other_key if self.forged else None)

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [public]}

    def discovery(self) -> dict:
        document = {
            "issuer": self.discovery_issuer or self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }
        if self.with_end_session:
            document["end_session_endpoint"] = f"{self.issuer}/session/end"
        return document

    # -- HTTP -------------------------------------------------------------------------------------------
    def _handler_class(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def handle(self):
                # The client may give up waiting (the slow provider test).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()

            def _send(self, status, body=b"", content_type="application/json", headers=None):
                if isinstance(body, dict):
                    body = json.dumps(body).encode()
                elif isinstance(body, str):
                    body = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _redirect(self, location):
                self._send(302, headers={"Location": location}, content_type="text/plain")

            def do_GET(self):
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                provider.requests.append((parts.path, params))
                if parts.path == "/.well-known/openid-configuration":
                    return self._send(200, provider.discovery())
                if parts.path == "/jwks":
                    return self._send(200, provider.jwks())
                if parts.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = params
                    query = urlencode({"code": code, "state": params.get("state", "")})
                    return self._redirect(f"{params['redirect_uri']}?{query}")
                if parts.path == "/userinfo":
                    if self.headers.get("Authorization") != "Bearer access-" + provider.identity["sub"]:
                        return self._send(401, {"error": "invalid_token"})
                    if provider.userinfo_as_jwt:
                        claims = {**provider.identity, "iss": provider.issuer, "aud": CLIENT_ID}
                        return self._send(200, provider._sign(claims), content_type="application/jwt")
                    return self._send(200, provider.identity)
                if parts.path == "/session/end":
                    target = params["post_logout_redirect_uri"]
                    return self._redirect(f"{target}?{urlencode({'state': params.get('state', '')})}")
                return self._send(404, {"error": "not_found"})

            def do_POST(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.requests.append((parts.path, form))
                if parts.path != "/token":
                    return self._send(404, {"error": "not_found"})
                if provider.delay:
                    time.sleep(provider.delay)
                request = provider.codes.pop(form.get("code"), None)
                if (
                    request is None
                    or form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET
                    or form.get("redirect_uri") != request.get("redirect_uri")
                ):
                    return self._send(400, {"error": "invalid_grant"})
                return self._send(
                    200,
                    {
                        "access_token": "access-" + provider.identity["sub"],
                        "token_type": "Bearer",
                        "expires_in": 60,
                        "id_token": provider._id_token(request.get("nonce", "")),
                    },
                )

        return Handler
