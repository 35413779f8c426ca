"""A Python producer sends countdown, ETA and expiring tasks to the Java worker, on Redis and on
RabbitMQ (results in Redis): held tasks run on time without blocking others, expired ones end REVOKED
as in Celery 5.2 (celery/worker/strategy.py, celery/worker/request.py `revoked`), and a warm
shutdown gives held tasks back to the broker."""
import datetime
import json
import signal
import zoneinfo

import pytest

from conftest import BACKEND_DB, TIMEOUT, start_java_worker, unique, wait_until
from jc_interop.app import make_app

UTC = datetime.timezone.utc


@pytest.fixture(scope='module')
def java_worker(tmp_path_factory, broker_deployment):
    _, broker, backend = broker_deployment
    worker = start_java_worker(tmp_path_factory.mktemp('eta'), broker, backend, unique('eta'))
    yield worker
    worker.terminate()


@pytest.fixture(scope='module')
def app(broker_deployment, java_worker):
    _, broker, backend = broker_deployment
    return make_app(broker, backend, task_default_queue=java_worker.queue)


def date_done(result):
    """The stored date_done as an aware UTC datetime (Celery stores naive UTC)."""
    value = result.date_done
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def raw_meta(backend_redis, task_id):
    raw = wait_until(lambda: backend_redis.get(f'celery-task-meta-{task_id}'), TIMEOUT,
                     f'the result of {task_id} in Redis db {BACKEND_DB}')
    return json.loads(raw)


def assert_revoked_as_expired(result, backend_redis, java_worker):
    wait_until(lambda: result.state == 'REVOKED', TIMEOUT, f'{result.id} to be REVOKED')
    with pytest.raises(Exception) as raised:
        result.get(timeout=TIMEOUT)
    assert type(raised.value).__name__ == 'TaskRevokedError'
    meta = raw_meta(backend_redis, result.id)
    assert meta['status'] == 'REVOKED'
    assert meta['result']['exc_type'] == 'TaskRevokedError'
    assert meta['result']['exc_message'] == ['expired']
    java_worker.wait_for_log(rf'Discarding revoked task: java\.echo\[{result.id}\]')
    assert f'java.echo[{result.id}] succeeded' not in java_worker.output()


def test_countdown_task_runs_after_its_eta_while_other_tasks_run_at_once(app):
    sent = datetime.datetime.now(UTC)
    held = app.send_task('java.echo', args=('later',), countdown=2)
    adds = [app.send_task('java.add', args=(i, i)) for i in range(5)]

    assert [r.get(timeout=TIMEOUT) for r in adds] == [2 * i for i in range(5)]
    assert held.state == 'PENDING', 'the other tasks finished while the countdown task was held'
    assert held.get(timeout=TIMEOUT) == 'later'
    assert held.state == 'SUCCESS'
    assert date_done(held) >= sent + datetime.timedelta(seconds=2)
    assert all(date_done(r) < date_done(held) for r in adds)


def test_eta_in_another_timezone_is_honoured(app):
    eta = datetime.datetime.now(zoneinfo.ZoneInfo('America/New_York')) + datetime.timedelta(
        seconds=1.5)
    result = app.send_task('java.echo', args=('new york',), eta=eta)
    assert result.get(timeout=TIMEOUT) == 'new york'
    assert date_done(result) >= eta


@pytest.mark.parametrize('expires', ['seconds', 'datetime'])
def test_task_expired_on_arrival_is_revoked_not_run(app, backend_redis, java_worker, expires):
    when = -1 if expires == 'seconds' else datetime.datetime.now(UTC) - datetime.timedelta(
        minutes=5)
    result = app.send_task('java.echo', args=('never',), expires=when)
    assert_revoked_as_expired(result, backend_redis, java_worker)


def test_countdown_task_that_expires_before_its_eta_is_revoked_not_run(app, backend_redis,
                                                                      java_worker):
    result = app.send_task('java.echo', args=('too late',), countdown=2, expires=1)
    java_worker.wait_for_log(rf'java\.echo\[{result.id}\] received')
    assert result.state == 'PENDING', 'not yet expired when received: held for its ETA'
    assert_revoked_as_expired(result, backend_redis, java_worker)


def test_sigterm_gives_a_held_countdown_task_back_to_the_next_worker(tmp_path, broker_deployment,
                                                                     broker_redis):
    kind, broker, backend = broker_deployment
    queue = unique('eta-term')
    first = start_java_worker(tmp_path, broker, backend, queue, concurrency=2)
    app = make_app(broker, backend, task_default_queue=queue)
    result = app.send_task('java.echo', args=('given back',), countdown=2)
    first.wait_for_log(rf'java\.echo\[{result.id}\] received')

    first.proc.send_signal(signal.SIGTERM)
    assert first.proc.wait(TIMEOUT) == 0
    assert 'Warm shutdown' in first.output()
    assert 'succeeded' not in first.output()
    assert result.state == 'PENDING'
    if kind == 'redis':
        assert broker_redis.llen(queue) == 1, 'the held message is back in the list'

    second = start_java_worker(tmp_path, broker, backend, queue, concurrency=2)
    try:
        assert result.get(timeout=TIMEOUT) == 'given back'
        second.wait_for_log(rf'java\.echo\[{result.id}\] succeeded')
    finally:
        second.terminate()
