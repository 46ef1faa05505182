"""Speed of the organisation dashboard (run by benchmarks/run.py): the HTML page with its default filters
(the last twelve months, every programme), as the Département's HR, through Django's test Client, on the demo
network generated at 100,000 agents (BENCH_DASHBOARD_AGENTS) — on PostgreSQL when run.py gives one.

The network is generated once and cached (benchmarks/datasets.py), and measured on a copy in a fresh process
(``speed``), as a web worker would serve it: the generator's hundreds of thousands of objects would otherwise
stay in the measuring process and make its garbage collections walk them. Warm-up requests first (the first one fills Django's
caches), then the timed ones: dashboard_p95_ms, and the median beside it.
"""

import statistics
import time


def prepare(emit) -> None:
    """HR signs in with a second factor (on a copy of the cached demo network, benchmarks/datasets.py, which
    was generated and given its statistics and VACUUM once)."""
    from allauth.mfa.totp.internal.auth import TOTP

    from passerelles.people.models import Agent

    hr = Agent.objects.get(email="rh@demo.passerelles.test").user
    TOTP.activate(hr, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")


def speed(emit, *, samples: int, warmup: int, database: str, generated: float) -> None:
    """Runs inside a fresh Django process on the prepared database (see run.py)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from passerelles.engagements.models import Engagement
    from passerelles.people.models import Agent

    hr = Agent.objects.get(email="rh@demo.passerelles.test").user
    client = Client()
    client.force_login(hr)
    organisation = Agent.objects.get(user=hr).organisation
    url = f"/organisations/{organisation.slug}/tableau-de-bord/"
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(samples):
        begin = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    params = {
        "agents": Agent.objects.count(),
        "organisation_agents": organisation.agents.count(),
        "engagements": Engagement.objects.count(),
        "samples": samples,
        "queries": len(queries),
        "database": database,
        "generation_s": generated,
    }
    emit("dashboard_p95_ms", p95, "ms", **params)
    emit("dashboard_median_ms", statistics.median(timings), "ms", **params)
