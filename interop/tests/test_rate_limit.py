"""A Python producer floods a Java worker on Redis and on RabbitMQ: `java.limited` (rate_limit 10/s)
is paced by its token bucket while `java.add` on the same worker runs at full speed
(celery/worker/strategy.py, `default`)."""
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
    limited = [app.send_task('java.limited', args=(i,)) for i in range(LIMITED)]
    unlimited = [app.send_task('java.add', args=(i, 1)) for i in range(UNLIMITED)]

    assert [r.get(timeout=TIMEOUT) for r in unlimited] == [i + 1 for i in range(UNLIMITED)]
    assert [r.get(timeout=TIMEOUT) for r in limited] == list(range(LIMITED))

    limited_done = sorted(done_at(r) for r in limited)
    span = (limited_done[-1] - limited_done[0]).total_seconds()
    assert 4.5 <= span <= 5.5, f'{LIMITED} tasks at 10/s took {span:.2f}s, expected 5s ± 10%'

    last_unlimited = max(done_at(r) for r in unlimited)
    ahead = (limited_done[-1] - last_unlimited).total_seconds()
    assert ahead >= 2.5, f'the unlimited tasks finished only {ahead:.2f}s before the limited ones'
