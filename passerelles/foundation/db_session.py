"""What every database connection of the site sets when it opens.

PostgreSQL compiles a query it deems costly to machine code (JIT) before running it. Passerelles' queries
touch hundreds or thousands of rows, where compiling costs more than it saves: « À faire » of a manager at
100,000 agents spent about 60 ms compiling 115 functions for a query that runs in 16 ms; the dashboards, 60
of 170 ms. So each connection turns it off for itself when it opens (a ``SET`` on the session, in autocommit:
it works behind a PgBouncer in session mode, where a startup ``options`` parameter is refused; the server's
own setting stays for its other clients).
"""

from django.db.backends.signals import connection_created


def _session_settings(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")


def install() -> None:
    connection_created.connect(_session_settings, dispatch_uid="passerelles-session-settings")
