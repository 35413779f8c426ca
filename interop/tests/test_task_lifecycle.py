"""The task life cycle on the Java worker as a Python producer and result reader see it, on Redis
and on RabbitMQ (results in Redis): track_started, ignore_result, acks_late with
reject_on_worker_lost and acks_on_failure_or_timeout, and soft and hard time limits from the
message, the task and the worker's command line (celery/app/trace.py, celery/worker/request.py)."""
import time

import pytest

from conftest import (TIMEOUT, queue_length, start_java_worker, unique, wait_until)
from jc_interop.app import make_app

CONCURRENCY = 3


@pytest.fixture(scope='module')
def java_worker(tmp_path_factory, broker_deployment):
    _, broker, backend = broker_deployment
    worker = start_java_worker(tmp_path_factory.mktemp('life'), broker, backend, unique('life'),
                               concurrency=CONCURRENCY)
    yield worker
    worker.terminate()


@pytest.fixture(scope='module')
def app(broker_deployment, java_worker):
    _, broker, backend = broker_deployment
    return make_app(broker, backend, task_default_queue=java_worker.queue)


def wait_state(result, state):
    wait_until(lambda: result.state == state, TIMEOUT, f'{result.id} to be {state}')


def failure_of(result):
    with pytest.raises(Exception) as raised:
        result.get(timeout=TIMEOUT)
    return raised.value


def test_track_started_stores_started_with_pid_and_hostname_while_the_task_runs(app, java_worker):
    result = app.send_task('life.started', [1.5])
    wait_state(result, 'STARTED')
    assert isinstance(result.info['pid'], int)
    assert result.info['hostname'] == java_worker.proc.args[
        java_worker.proc.args.index('-n') + 1]
    assert result.get(timeout=TIMEOUT) == 1.5


def test_ignore_result_by_annotation_or_message_header_stores_nothing(app, java_worker,
                                                                     backend_redis):
    by_annotation = app.send_task('life.ignored', [5])
    by_header = app.send_task('java.add', [1, 2], ignore_result=True)
    java_worker.wait_for_log(rf'life\.ignored\[{by_annotation.id}\] succeeded')
    java_worker.wait_for_log(rf'java\.add\[{by_header.id}\] succeeded')
    for result in (by_annotation, by_header):
        assert backend_redis.get(f'celery-task-meta-{result.id}') is None
        assert result.state == 'PENDING'


def test_reject_on_worker_lost_gives_the_message_back_and_the_task_runs_again(app, java_worker):
    result = app.send_task('life.lost_once', [unique('key')])
    assert result.get(timeout=TIMEOUT) == 'recovered'
    assert java_worker.output().count(f'life.lost_once[{result.id}] received') == 2
    assert 'WorkerLostError' in java_worker.output()


def test_a_lost_worker_without_reject_fails_the_task_with_worker_lost_error(app, java_worker):
    error = failure_of(app.send_task('life.lost'))
    assert type(error).__name__ == 'WorkerLostError'
    assert str(error).startswith('Worker exited prematurely: java.lang.StackOverflowError')


def assert_full_concurrency(app):
    """CONCURRENCY one-second tasks sent together finish together."""
    start = time.monotonic()
    results = [app.send_task('revoke.sleep', [1]) for _ in range(CONCURRENCY)]
    assert [r.get(timeout=TIMEOUT) for r in results] == [1] * CONCURRENCY
    elapsed = time.monotonic() - start
    assert elapsed < 1.9, f'{CONCURRENCY} one-second tasks took {elapsed:.2f}s'


def test_hard_limit_from_the_message_stops_a_task_ignoring_interrupts_within_a_second(
        app, java_worker):
    result = app.send_task('life.stubborn', [30], time_limit=1)
    wait_state(result, 'STARTED')
    started = time.monotonic()
    error = failure_of(result)
    elapsed = time.monotonic() - started
    assert type(error).__name__ == 'TimeLimitExceeded'
    assert error.args == (1,)
    assert elapsed < 2.0, f'stopped {elapsed:.2f}s after it started with a 1 s limit'
    java_worker.wait_for_log(rf'Hard time limit \(1s\) exceeded for life\.stubborn\[{result.id}\]')
    assert_full_concurrency(app)


def test_hard_limit_of_the_task_annotation_applies_without_a_header(app, java_worker):
    error = failure_of(app.send_task('life.annotated_limit', [30]))
    assert type(error).__name__ == 'TimeLimitExceeded'
    assert error.args == (0.5,)


def test_soft_limit_from_the_message_is_an_exception_the_task_can_catch(app, java_worker):
    result = app.send_task('life.soft_catch', [10], soft_time_limit=0.5)
    assert result.get(timeout=TIMEOUT) == 'cleaned up'


@pytest.fixture
def strict_worker(tmp_path, broker_deployment):
    """A worker started with `--time-limit 1` and task_acks_on_failure_or_timeout off."""
    _, broker, backend = broker_deployment
    worker = start_java_worker(tmp_path, broker, backend, unique('strict'), concurrency=2,
                               extra_args=('--time-limit', '1'),
                               task_acks_on_failure_or_timeout=False)
    yield worker
    worker.terminate()


def test_time_limit_option_of_the_worker_applies_to_every_task(broker_deployment, strict_worker):
    _, broker, backend = broker_deployment
    app = make_app(broker, backend, task_default_queue=strict_worker.queue)
    error = failure_of(app.send_task('life.stubborn', [30]))
    assert type(error).__name__ == 'TimeLimitExceeded'


def test_failed_late_ack_task_without_acks_on_failure_is_rejected_not_redelivered(
        broker_deployment, strict_worker):
    _, broker, backend = broker_deployment
    app = make_app(broker, backend, task_default_queue=strict_worker.queue)
    error = failure_of(app.send_task('life.fail_late', ['boom']))
    assert str(error) == 'boom'
    # A warm shutdown gives back every unsettled message; a rejected one is gone for good.
    assert strict_worker.terminate() == 0
    assert queue_length(app, strict_worker.queue) == 0
