"""Revocation by id on the Java worker, driven by a Python producer on Redis and on RabbitMQ
(results in Redis, read by Python): held, queued and running tasks (celery/worker/control.py
`revoke`, celery/worker/request.py `revoked` and `terminate`). The broadcast channel is not there
yet, so the producer revokes through the `revoke.revoke` task, which calls the worker's Java API."""
import time

import pytest

from conftest import TIMEOUT, start_java_worker, unique, wait_until
from jc_interop.app import make_app

CONCURRENCY = 2


@pytest.fixture(scope='module')
def java_worker(tmp_path_factory, broker_deployment):
    _, broker, backend = broker_deployment
    # One more slot than the tests keep busy, for the revoke.revoke task itself.
    worker = start_java_worker(tmp_path_factory.mktemp('revoke'), broker, backend,
                               unique('revoke'), concurrency=CONCURRENCY + 1)
    yield worker
    worker.terminate()


@pytest.fixture(scope='module')
def app(broker_deployment, java_worker):
    _, broker, backend = broker_deployment
    return make_app(broker, backend, task_default_queue=java_worker.queue)


def revoke(app, ids, terminate=False):
    return app.send_task('revoke.revoke', [list(ids), terminate]).get(timeout=TIMEOUT)


def assert_revoked(app, task_id, reason):
    result = app.AsyncResult(task_id)
    wait_until(lambda: result.state == 'REVOKED', TIMEOUT, f'{task_id} to be REVOKED')
    with pytest.raises(Exception) as raised:
        result.get(timeout=TIMEOUT)
    assert type(raised.value).__name__ == 'TaskRevokedError'
    assert raised.value.args == (reason,)


def test_revoked_countdown_task_is_discarded_when_due_and_never_runs(app, java_worker):
    held = app.send_task('java.add', [1, 2], countdown=2)
    java_worker.wait_for_log(rf'java\.add\[{held.id}\] received')
    assert revoke(app, [held.id]) == []
    java_worker.wait_for_log(f'Tasks flagged as revoked: {held.id}')
    assert_revoked(app, held.id, 'revoked')
    java_worker.wait_for_log(rf'Discarding revoked task: java\.add\[{held.id}\]')
    assert f'java.add[{held.id}] succeeded' not in java_worker.output()


def test_terminate_stops_a_running_task_that_ignores_interrupts_within_a_second(app, java_worker):
    stuck = app.send_task('revoke.stubborn', [5])
    wait_until(lambda: stuck.state == 'STARTED', TIMEOUT, 'the stubborn task to start')
    start = time.monotonic()
    assert revoke(app, [stuck.id], terminate=True) == [stuck.id]
    assert_revoked(app, stuck.id, 'terminated')
    assert time.monotonic() - start < 1.5
    java_worker.wait_for_log(f'Terminating {stuck.id}')
    # The worker is still at full concurrency: CONCURRENCY one-second tasks finish together.
    start = time.monotonic()
    results = [app.send_task('revoke.sleep', [1]) for _ in range(CONCURRENCY)]
    assert [r.get(timeout=TIMEOUT) for r in results] == [1] * CONCURRENCY
    assert time.monotonic() - start < 1.9


def test_revoked_task_waiting_behind_busy_slots_is_discarded_when_its_turn_comes(app, java_worker):
    busy = [app.send_task('revoke.sleep', [1.5]) for _ in range(CONCURRENCY)]
    wait_until(lambda: all(f'revoke.sleep[{b.id}] received' in java_worker.output() for b in busy),
               TIMEOUT, 'the busy tasks to be received')
    revoked_id = unique('revoked')
    revoke(app, [revoked_id])
    queued = app.send_task('java.add', [2, 2], task_id=revoked_id)
    after = app.send_task('java.add', [3, 3])
    assert after.get(timeout=TIMEOUT) == 6
    assert [b.get(timeout=TIMEOUT) for b in busy] == [1.5] * CONCURRENCY
    assert_revoked(app, queued.id, 'revoked')
    assert f'java.add[{queued.id}] succeeded' not in java_worker.output()
