"""The agent directory (LDAP / Active Directory) as a second source for the SIRH synchronisation.

Many SIRH exports carry no work e-mail and no manager: the directory knows both. Before the plan is made, the
lines that lack one are looked up by matricule, and only what is missing is filled — a value the SIRH file
gives is never replaced. The filled values go into the file's lines themselves, so the preview shows them, the
plan compares them like any other value, and the same file with the same directory plans nothing the second
time.

A manager is filled only when the directory's manager is a person of the file (or, for a partial export, an
agent already known): the plan refuses a manager it cannot find, and the directory must never make a valid
file invalid. An invalid address from the directory is left aside for the same reason.

Configured by the deployment (LDAP_* settings), switched on per organisation (``SirhSync.use_directory``);
off when LDAP_URL is empty. The directory is only read. If it cannot be reached or answers too slowly, the
synchronisation goes on without it and the report says so. Tested with ldap3's in-memory server (MOCK_SYNC).

(The name ``people/directory.py`` is taken by HR's list of agents.)
"""

import contextlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passerelles.people.sirh.reader import Table

logger = logging.getLogger(__name__)
CHUNK = 100  # matricules per search: (|(employeeID=…)(employeeID=…)…)
MAX_MANAGER_LOOKUPS = 2000  # managers outside the people searched, looked up one by one


@dataclass(frozen=True)
class DirectoryConfig:
    url: str
    base_dn: str
    bind_dn: str = ""
    password: str = ""
    matricule_attribute: str = "employeeID"
    email_attribute: str = "mail"
    manager_attribute: str = "manager"
    timeout: int = 5

    @classmethod
    def from_settings(cls) -> "DirectoryConfig | None":
        """None when the deployment has no directory (LDAP_URL empty)."""
        if not getattr(settings, "LDAP_URL", ""):
            return None
        return cls(
            url=settings.LDAP_URL,
            base_dn=settings.LDAP_BASE_DN,
            bind_dn=settings.LDAP_BIND_DN or "",
            password=settings.LDAP_BIND_PASSWORD or "",
            matricule_attribute=settings.LDAP_MATRICULE_ATTRIBUTE,
            email_attribute=settings.LDAP_EMAIL_ATTRIBUTE,
            manager_attribute=settings.LDAP_MANAGER_ATTRIBUTE,
            timeout=settings.LDAP_TIMEOUT,
        )


@dataclass
class Filled:
    emails: int = 0
    managers: int = 0
    note: str = ""  # one French sentence for the report; "" when the directory had nothing to say


def open_connection(config: DirectoryConfig):
    """A bound, read-only connection, with a timeout on connecting and on every answer."""
    import ldap3

    server = ldap3.Server(config.url, connect_timeout=config.timeout, get_info=ldap3.NONE)
    connection = ldap3.Connection(
        server,
        user=config.bind_dn or None,
        password=config.password or None,
        read_only=True,
        receive_timeout=config.timeout,
        raise_exceptions=True,
    )
    try:
        if not connection.bind():
            raise ConnectionError("bind refused")
    except BaseException:
        _close(connection)
        raise
    return connection


def _close(connection) -> None:
    """Unbind, and close the socket ldap3 leaves open when the server refused to connect."""
    with contextlib.suppress(Exception):
        connection.unbind()
    socket = getattr(connection, "socket", None)
    if socket is not None:
        with contextlib.suppress(Exception):
            socket.close()


def _first(value) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value or "").strip()


def _entries(
    connection, search_filter: str, base: str, attributes: list[str], scope
) -> list[tuple[str, dict]]:
    connection.search(base, search_filter, search_scope=scope, attributes=attributes)
    return [
        (item["dn"], item.get("attributes") or {})
        for item in connection.response or []
        if item.get("type") == "searchResEntry"
    ]


def _lookup(connection, config: DirectoryConfig, matricules: list[str]) -> tuple[dict, dict]:
    """matricule → (e-mail, manager's DN) for the people found once (a matricule held by two entries is
    ambiguous: left out); DN → matricule of every entry seen."""
    from ldap3 import SUBTREE
    from ldap3.utils.conv import escape_filter_chars

    attribute = config.matricule_attribute
    wanted = [attribute, config.email_attribute, config.manager_attribute]
    found: dict[str, list] = {}
    dns: dict[str, str] = {}
    for start in range(0, len(matricules), CHUNK):
        chunk = matricules[start : start + CHUNK]
        terms = "".join(f"({attribute}={escape_filter_chars(m)})" for m in chunk)
        for dn, attributes in _entries(connection, f"(|{terms})", config.base_dn, wanted, SUBTREE):
            matricule = _first(attributes.get(attribute))
            dns[dn.lower()] = matricule
            found.setdefault(matricule, []).append(
                (
                    _first(attributes.get(config.email_attribute)),
                    _first(attributes.get(config.manager_attribute)),
                )
            )
    return {m: values[0] for m, values in found.items() if len(values) == 1}, dns


def _manager_matricule(connection, config: DirectoryConfig, dn: str, dns: dict, budget: list[int]) -> str:
    """The matricule of the manager's entry: already seen, or read by its DN (a few at most per file)."""
    from ldap3 import BASE

    key = dn.lower()
    if key not in dns and budget[0] > 0:
        budget[0] -= 1
        entries = _entries(connection, "(objectClass=*)", dn, [config.matricule_attribute], BASE)
        dns[key] = _first(entries[0][1].get(config.matricule_attribute)) if entries else ""
    return dns.get(key, "")


def _valid_email(value: str) -> str:
    value = value.lower()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def fill_from_directory(
    table: Table,
    *,
    known_matricules=frozenset(),
    config: DirectoryConfig | None = None,
    connection=None,
) -> Filled:
    """Fill the table's missing work e-mails and managers from the directory, in place. ``known_matricules``:
    the agents already known, who may be managers when the export is partial (empty for a full one)."""
    config = config or DirectoryConfig.from_settings()
    if config is None:
        return Filled()
    rows = [r for r in table.rows if r.values.get("matricule")]
    in_file = {r.values["matricule"] for r in rows}
    needing = [r for r in rows if not r.values.get("email") or not r.values.get("manager")]
    if not needing:
        return Filled()
    try:
        if connection is None:
            connection = open_connection(config)
        people, dns = _lookup(connection, config, sorted({r.values["matricule"] for r in needing}))
        filled = Filled()
        budget = [MAX_MANAGER_LOOKUPS]
        for row in needing:
            matricule = row.values["matricule"]
            if matricule not in people:
                continue
            email, manager_dn = people[matricule]
            if not row.values.get("email") and email and (email := _valid_email(email)):
                row.values["email"] = email
                filled.emails += 1
            if not row.values.get("manager") and manager_dn:
                manager = _manager_matricule(connection, config, manager_dn, dns, budget)
                if manager and manager != matricule and (manager in in_file or manager in known_matricules):
                    row.values["manager"] = manager
                    filled.managers += 1
    except Exception as exc:  # noqa: BLE001 — ldap3's errors, sockets, timeouts: the import goes on without it
        logger.warning("Directory lookup failed: %s: %s", type(exc).__name__, exc)
        return Filled(
            note=_(
                "L'annuaire (LDAP) n'a pas pu être consulté : la vérification a continué sans lui. Les adresses "
                "e-mail et responsables absents du fichier restent vides."
            )
        )
    finally:
        if connection is not None:
            _close(connection)
    if filled.emails or filled.managers:
        filled.note = _("Annuaire (LDAP) : %(emails)s et %(managers)s complétés.") % {
            "emails": ngettext("%(n)s adresse e-mail", "%(n)s adresses e-mail", filled.emails)
            % {"n": filled.emails},
            "managers": ngettext("%(n)s responsable", "%(n)s responsables", filled.managers)
            % {"n": filled.managers},
        }
    else:
        filled.note = _("Annuaire (LDAP) consulté : rien à compléter.")
    return filled
