"""A Python producer floods a Java worker on Redis and on RabbitMQ: `java.limited` (rate_limit 10/s)
is paced by its token bucket while `java.add` on the same worker runs at full speed
(celery/worker/strategy.py, `default`); `task_default_rate_limit` paces task types without a limit
of their own."""
import datetime

import pytest

from conftest import start_java_worker, unique
from jc_interop.app import make_app

LIMITED, UNLIMITED = 50, 200
TIMEOUT = 60


def done_at(result):
    value = result.date_done
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    assert value is not None, f'{result.id} has no date_done'
    return value


def span_of(results):
    done = sorted(done_at(r) for r in results)
    return (done[-1] - done[0]).total_seconds()


def warm_up(app, task):
    """Runs `task` once and a few adds, so that class loading and JIT do not skew the first
    timings; the bucket (capacity 1, as Celery's) is full again 0.1 s later."""
    assert app.send_task(task, args=(-1,)).get(timeout=TIMEOUT) == -1
    assert [app.send_task('java.add', args=(i, 0)).get(timeout=TIMEOUT) for i in range(5)] == list(
        range(5))


@pytest.fixture
def worker_and_app(tmp_path, broker_deployment):
    _, broker, backend = broker_deployment
    worker = start_java_worker(tmp_path, broker, backend, unique('rate'))
    try:
        yield worker, make_app(broker, backend, task_default_queue=worker.queue)
    finally:
        worker.terminate()


def test_limited_type_is_paced_while_unlimited_type_runs_at_once(worker_and_app):
    _, app = worker_and_app
    warm_up(app, 'java.limited')
    limited = [app.send_task('java.limited', args=(i,)) for i in range(LIMITED)]
    unlimited = [app.send_task('java.add', args=(i, 1)) for i in range(UNLIMITED)]

    assert [r.get(timeout=TIMEOUT) for r in unlimited] == [i + 1 for i in range(UNLIMITED)]
    assert [r.get(timeout=TIMEOUT) for r in limited] == list(range(LIMITED))

    span = span_of(limited)
    assert 4.5 <= span <= 5.5, f'{LIMITED} tasks at 10/s took {span:.2f}s, expected 5s ± 10%'

    last_limited = max(done_at(r) for r in limited)
    last_unlimited = max(done_at(r) for r in unlimited)
    ahead = (last_limited - last_unlimited).total_seconds()
    assert ahead >= 2.5, f'the unlimited tasks finished only {ahead:.2f}s before the limited ones'


def test_default_rate_limit_paces_tasks_without_their_own(tmp_path, broker_deployment):
    _, broker, backend = broker_deployment
    worker = start_java_worker(tmp_path, broker, backend, unique('rate-default'),
                               task_default_rate_limit='5/s')
    try:
        app = make_app(broker, backend, task_default_queue=worker.queue)
        assert app.send_task('java.echo', args=(-1,)).get(timeout=TIMEOUT) == -1
        echoes = [app.send_task('java.echo', args=(i,)) for i in range(11)]
        assert [r.get(timeout=TIMEOUT) for r in echoes] == list(range(11))
        span = span_of(echoes)
        assert 1.8 <= span <= 2.2, f'11 tasks at 5/s took {span:.2f}s, expected 2s ± 10%'
    finally:
        worker.terminate()
