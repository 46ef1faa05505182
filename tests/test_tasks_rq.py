"""TASKS_BACKEND=rq: our real tasks go through the real Redis (127.0.0.1:6379, database 9, emptied by each
test) and are run by a real RQ worker in burst mode; what they return is kept in Redis."""

import datetime
import io

import django_rq
import pytest
import redis
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from rq.worker import SimpleWorker

from passerelles.core.daily import daily
from passerelles.env import ConfigurationError
from passerelles.foundation.rq_settings import rq_queues
from passerelles.outbox.delivery import deliver_message
from passerelles.outbox.models import OutboxMessage, OutboxState
from passerelles.outbox.services import queue_email
from tests.test_settings_from_environment import assert_one_sentence, run_cli

REDIS_URL = "redis://127.0.0.1:6379/9"
QUEUES = ["default", "imports"]


@pytest.fixture
def rq_backend(settings):
    """The settings TASKS_BACKEND=rq gives, pointed at our own Redis database (emptied before and after)."""
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    settings.RQ_QUEUES = rq_queues(REDIS_URL, QUEUES)
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": QUEUES}}
    yield connection
    connection.flushdb()


def run_burst_worker(*queues):
    """A real RQ worker on these queues, until they are empty (in this process: it shares the test's
    database transaction)."""
    worker = django_rq.get_worker(*queues, worker_class=SimpleWorker)
    worker.work(burst=True)
    return worker


def test_an_email_is_delivered_by_the_rq_worker_and_its_result_kept(
    rq_backend, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email(to=["agent@exemple.fr"], subject="Bienvenue", body="Bonjour")
    queued = django_rq.get_queue("default")
    assert queued.count == 1  # in Redis, not run yet
    assert OutboxMessage.objects.get(pk=message.pk).state == OutboxState.PENDING
    job_id = queued.job_ids[0]

    run_burst_worker("default")

    assert OutboxMessage.objects.get(pk=message.pk).state == OutboxState.SENT
    assert [m.subject for m in mail.outbox] == ["Bienvenue"]
    result = deliver_message.get_result(job_id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == OutboxState.SENT
    assert queued.count == 0


def test_a_retry_is_deferred_in_redis_not_lost(rq_backend, db, django_capture_on_commit_callbacks):
    """A failed attempt schedules its retry (the backend can defer): a job waits in the scheduled registry,
    for the worker started with --with-scheduler."""
    assert deliver_message.get_backend().supports_defer
    later = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        result = deliver_message.using(run_after=later).enqueue(message_id=0)
    assert result.id in django_rq.get_queue("default").scheduled_job_registry.get_job_ids()
    assert django_rq.get_queue("default").count == 0


def test_the_daily_job_enqueued_from_cron_runs_on_the_rq_worker(rq_backend, db):
    today = timezone.localdate()
    call_command("daily", "--enqueue", stdout=io.StringIO())
    [job_id] = django_rq.get_queue("default").job_ids

    run_burst_worker("default")

    result = daily.get_result(job_id)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.kwargs == {"today": today.isoformat()}
    assert set(result.return_value) >= {"activated", "ended", "reminders", "digests"}


def test_rq_without_redis_url_is_refused():
    with pytest.raises(ConfigurationError, match="TASKS_BACKEND=rq demande REDIS_URL"):
        rq_queues("", QUEUES)
    with pytest.raises(ConfigurationError, match="REDIS_URL est invalide"):
        rq_queues("127.0.0.1:6379", QUEUES)


def test_rq_without_redis_url_stops_the_start_with_one_sentence():
    result = run_cli("check", PASSERELLES_ENV="development", TASKS_BACKEND="rq", REDIS_URL="")
    assert_one_sentence(result, "TASKS_BACKEND=rq demande REDIS_URL")


def test_rq_settings_from_the_environment_pass_the_system_checks():
    """The documented set-up: django-rq installed, both queues on REDIS_URL, the job class of django-tasks-rq
    (the backend's own checks run here)."""
    result = run_cli(
        "check", PASSERELLES_ENV="development", TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/9"
    )
    assert result.returncode == 0, result.stderr


def test_the_queue_connection_gives_up_connecting_after_a_few_seconds():
    [url] = {queue["URL"] for queue in rq_queues("redis://127.0.0.1:6379/9", QUEUES).values()}
    assert url == "redis://127.0.0.1:6379/9?socket_connect_timeout=5"
