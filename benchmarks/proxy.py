"""A minimal round-robin HTTP reverse proxy for ``make scale-check`` — a test harness standing in for nginx or
HAProxy, which are not installed on this machine (docs/deploiement.md shows the nginx configuration meant for
production).

It does what the scale-out check needs from them and nothing more: requests go to the backends in turn; a
backend that refuses the connection (its process is gone: nothing was sent, nothing can have happened) is
skipped and the request goes to the next one — for GET and HEAD only, as nginx's ``proxy_next_upstream
error`` does for idempotent requests; a backend that fails once the request is sent (killed while working
on it) gives the client a 502, never a second try, since the request may have had its effect. One connection
per request to the backend, the answer read whole, then passed on.

Every request is recorded (``Proxy.log``: when it started, which backend answered or failed, how), so that the
check can tell the requests in flight in a killed process from the others.
"""

import http.client
import http.server
import threading
import time
from dataclasses import dataclass

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
}
IDEMPOTENT = {"GET", "HEAD"}


@dataclass
class Passage:
    started: float  # time.monotonic()
    backend: int | None  # the index of the backend that answered or failed; None if none could be reached
    status: int  # what the client got
    refused: tuple[int, ...] = ()  # backends that refused the connection first
    failure: str = ""  # why the client got a 502


class Proxy:
    def __init__(self, backends: list[tuple[str, int]], *, timeout: float = 60):
        self.backends = backends
        self.timeout = timeout
        self.log: list[Passage] = []
        self._next = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                proxy.forward(self)

            do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

            def log_message(self, format, *args):  # noqa: A002 — quiet: the log is Proxy.log
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.address = self.server.server_address
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _order(self) -> list[int]:
        with self._lock:
            first = self._next
            self._next = (self._next + 1) % len(self.backends)
        return [(first + n) % len(self.backends) for n in range(len(self.backends))]

    def forward(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        started = time.monotonic()
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Connection"] = "close"
        refused = []
        order = self._order()
        if handler.command not in IDEMPOTENT:
            order = order[:1]
        for index in order:
            connection = http.client.HTTPConnection(*self.backends[index], timeout=self.timeout)
            try:
                try:
                    connection.connect()
                except ConnectionRefusedError:
                    refused.append(index)
                    continue
                try:
                    connection.request(handler.command, handler.path, body=body, headers=headers)
                    response = connection.getresponse()
                    payload = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    self._answer_502(handler, started, index, refused, f"{type(exc).__name__}: {exc}")
                    return
            finally:
                connection.close()
            # recorded before the client has its answer: a client's next request then comes after in the log
            self._record(Passage(started, index, response.status, tuple(refused)))
            handler.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(payload)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            if handler.command != "HEAD":
                handler.wfile.write(payload)
            handler.close_connection = True
            return
        self._answer_502(handler, started, None, refused, "aucun serveur n'accepte la connexion")

    def _answer_502(self, handler, started, index, refused, failure: str) -> None:
        self._record(Passage(started, index, 502, tuple(refused), failure))
        handler.send_response(502)
        handler.send_header("Content-Length", "0")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True

    def _record(self, passage: Passage) -> None:
        with self._lock:
            self.log.append(passage)
