"""The parts of the load test and of ``make scale-check`` that decide what they measure and what they count
(benchmarks/load.py, benchmarks/proxy.py, benchmarks/scale_check.py): the simulated users' sessions and pages,
what counts as an error, the proxy's retry rule, the e-mails counted in the file backend's output."""

import http.server
import random
import socket
import threading
import urllib.error
import urllib.request

import pytest
from django.core.mail import EmailMessage, get_connection
from django.test import Client

from benchmarks import load
from benchmarks.proxy import Proxy
from benchmarks.scale_check import message_ids_in
from passerelles.demo.generator import generate
from tests.once import restored_once


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


@pytest.mark.django_db
def test_each_simulated_user_reaches_every_page_of_their_role_with_every_id(demo_network):
    """The mix only asks for pages that exist, with ids each account may see; the sessions made directly in
    the store are signed in (and let through by the two-factor enrolment rule)."""
    people = load.plan(users=len(load.ROLE_ACCOUNTS))["users"]
    assert [who["role"] for who in people] == list(load.ROLE_PAGES)
    for who in people:
        client = Client()
        client.cookies["sessionid"] = who["session"]
        assert client.get(load.TRIVIAL_URL).status_code == 200, who["role"]
        for page in load.ROLE_PAGES[who["role"]]:
            # every value of every list the page draws from
            seen = set()
            for seed in range(40):
                path = load.URLS[page](load.Ids(who["ids"], random.Random(seed)))
                if path in seen:
                    continue
                seen.add(path)
                response = client.get(path)
                assert response.status_code == 200, (who["role"], page, path, response.status_code)


@pytest.mark.django_db
def test_users_of_one_role_have_sessions_of_their_own(demo_network):
    people = load.plan(users=9)["users"]
    assert [who["role"] for who in people][7:] == ["agent", "manager"]
    assert len({who["session"] for who in people}) == 9


def test_what_counts_as_an_error():
    assert load.check(200, "") is None
    assert load.check(302, "/missions/") is None
    assert load.check(302, "/comptes/login/?next=/a-faire/") == "redirigé vers la connexion (session perdue)"
    assert load.check(500, "") == "HTTP 500"
    assert load.check(404, "") == "HTTP 404"


class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.seen.append((self.command, self.path))
        body = f"{self.command} {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def backend():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def closed_port() -> tuple[str, int]:
    """An address where nothing listens: a connection there is refused."""
    return ("127.0.0.1", load.free_port())


def fetch(address, path, method="GET") -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://{address[0]}:{address[1]}{path}", method=method, data=None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_proxy_sends_a_refused_get_to_the_other_backend(backend):
    with Proxy([closed_port(), backend.server_address]) as proxy:
        answers = [fetch(proxy.address, f"/page/{n}/") for n in range(4)]
    assert answers == [(200, f"GET /page/{n}/".encode()) for n in range(4)]
    assert [(p.backend, p.refused) for p in proxy.log] == [(1, (0,)), (1, ()), (1, (0,)), (1, ())]


def test_proxy_never_retries_a_post_elsewhere(backend):
    with Proxy([closed_port(), backend.server_address]) as proxy:
        assert fetch(proxy.address, "/formulaire/", method="POST")[0] == 502
    assert backend.seen == []
    assert proxy.log[0].refused == (0,) and proxy.log[0].status == 502


def test_proxy_does_not_resend_a_request_its_backend_dropped(backend):
    """A backend killed while working on a request: the client gets a 502, the other backend never sees it
    (the request may have had its effect)."""
    dropping = socket.socket()
    dropping.bind(("127.0.0.1", 0))
    dropping.listen()

    def drop_each():
        while True:
            try:
                connection, _ = dropping.accept()
            except OSError:
                return
            connection.recv(65536)
            connection.close()  # read the request, then die without answering

    threading.Thread(target=drop_each, daemon=True).start()
    try:
        with Proxy([dropping.getsockname(), backend.server_address]) as proxy:
            assert fetch(proxy.address, "/a-faire/")[0] == 502
    finally:
        dropping.close()
    assert backend.seen == []
    assert proxy.log[0].backend == 0 and proxy.log[0].failure


def test_sent_emails_are_counted_by_message_id(tmp_path, settings):
    """The scale check counts each e-mail the file backend wrote (several in one file) by its Message-ID."""
    settings.EMAIL_FILE_PATH = str(tmp_path)
    connection = get_connection("django.core.mail.backends.filebased.EmailBackend")
    messages = [
        EmailMessage("Objet", "Texte", to=["a@exemple.fr"], headers={"Message-ID": f"<{n}@passerelles.test>"})
        for n in range(3)
    ]
    connection.send_messages(messages[:2])
    connection.send_messages(messages[2:])
    assert sorted(message_ids_in(tmp_path)) == [f"<{n}@passerelles.test>" for n in range(3)]


def test_a_page_budget_is_its_p95_over_the_trivial_page_one_request_at_a_time():
    """The budget compares a page with the trivial page measured just after it, alone; the p95s under load
    (mostly waiting for a worker) are given beside it, not used for it."""
    budget, mix, trivial = load.Results(), load.Results(), load.Results()
    for ms in range(1, 21):  # trivial p95 (19th of 20) = 19 ms; pages: 95 ms and 38 ms
        budget.add("trivial", "all", ms, None)
        budget.add("trivial", "all", ms, None)
        budget.add("todo", "hr", ms * 5, None)
        budget.add("mission", "agent", ms * 2, None)
    for ms in (900, 1000, 1100):
        mix.add("todo", "hr", ms, None)
        mix.add("mission", "agent", ms, None)
        mix.add("trivial", "agent", ms, None)
        trivial.add("trivial", "all", ms / 10, None)
    lines = []
    load.report(
        lambda metric, value, unit, **params: lines.append((metric, value, params)),
        mix=mix,
        trivial=trivial,
        warm=load.Results(),
        budget=budget,
        peak_rss=100.0,
        database="sqlite",
        users=3,
        seconds=1.0,
    )
    worst = next(
        (value, params) for metric, value, params in lines if metric == "page_p95_ratio_vs_trivial_max"
    )
    assert worst[0] == pytest.approx(95 / 19)
    assert (worst[1]["page"], worst[1]["role"]) == ("todo", "hr")
    assert worst[1]["above_target"] == ["todo (hr) 5.0"] and worst[1]["within_target"] == 1
    assert worst[1]["under_load_worst_vs_trivial"] == pytest.approx(10.0)
    pages = {(p["page"], p["role"]): p for metric, _v, p in lines if metric == "page_p95_ms"}
    assert pages[("mission", "agent")]["budget_ratio"] == 2.0
    assert pages[("todo", "hr")]["paired_p95_ms"] == 95.0
    assert pages[("trivial_paired", "all")]["requests"] == 40
