"""The task life cycle on the Java worker as a Python producer and result reader see it, on Redis
and on RabbitMQ (results in Redis): track_started, ignore_result, acks_late with
reject_on_worker_lost and acks_on_failure_or_timeout, and soft and hard time limits from the
message, the task and the worker's command line (celery/app/trace.py, celery/worker/request.py)."""
import time

import pytest

from conftest import (AMQP_HOST, AMQP_PORT, AMQP_URL, TIMEOUT, dead_letters, queue_length,
                      require_service, start_java_worker, unique, wait_until)
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


@pytest.mark.parametrize('acks_on_failure', [True, False], ids=['ack', 'reject'])
def test_failed_timed_out_or_lost_late_ack_task_is_acked_or_rejected_never_redelivered(
        tmp_path, broker_deployment, broker_redis, acks_on_failure):
    """Request.on_failure and on_timeout: with acks_late, a failure, a hard time limit (here from
    the worker's `--time-limit`) or a lost worker without reject_on_worker_lost stores FAILURE,
    then acks the message, or rejects it without requeue when task_acks_on_failure_or_timeout is
    off. Either way it never comes back. The worker's `--soft-time-limit` is one the task can
    catch."""
    kind, broker, backend = broker_deployment
    queue = unique('strict')
    app = make_app(broker, backend, task_default_queue=queue)
    with dead_letters(app, queue) as dead:
        worker = start_java_worker(tmp_path, broker, backend, queue, concurrency=2,
                                   extra_args=('--time-limit', '1', '--soft-time-limit', '0.5'),
                                   task_acks_on_failure_or_timeout=acks_on_failure)
        try:
            failed = app.send_task('life.fail_late', ['boom'])
            timed_out = app.send_task('life.stubborn_late', [30])
            lost = app.send_task('life.lost')
            caught = app.send_task('life.soft_catch', [10])
            assert str(failure_of(failed)) == 'boom'
            assert type(failure_of(lost)).__name__ == 'WorkerLostError'
            assert caught.get(timeout=TIMEOUT) == 'cleaned up'
            error = failure_of(timed_out)
            assert type(error).__name__ == 'TimeLimitExceeded' and error.args == (1,)
            if dead:
                expected = 0 if acks_on_failure else 3
                wait_until(lambda: dead() == expected, TIMEOUT, f'{expected} dead-lettered')
            worker.wait_for_log(
                rf'Hard time limit \(1s\) exceeded for life\.stubborn_late\[{timed_out.id}\]')
        finally:
            # A warm shutdown gives back every unsettled message; a settled one is gone for good.
            # It does not wait for the thread the hard limit abandoned (it would run for 30 s).
            stopping = time.monotonic()
            assert worker.terminate() == 0
        assert time.monotonic() - stopping < 10
        assert 'Not waiting for task threads abandoned' in worker.output()
        assert queue_length(app, queue) == 0
        if kind == 'redis':
            held = b''.join(broker_redis.hvals('unacked'))
            assert not any(r.id.encode() in held for r in (failed, timed_out, lost))
        else:
            assert dead() == (0 if acks_on_failure else 3), 'nothing more dead-lettered'
        assert worker.output().count('] received') == 4, 'none was delivered again'


def test_ignore_result_sends_no_rpc_reply(tmp_path, redis_urls):
    """With rpc:// results, an ignored result is no reply at all: only the marker task's reply
    reaches the producer's reply queue."""
    require_service('RabbitMQ', AMQP_HOST, AMQP_PORT)
    queue = unique('rpc-ignore')
    worker = start_java_worker(tmp_path, AMQP_URL, 'rpc://', queue)
    try:
        app = make_app(AMQP_URL, 'rpc://', task_default_queue=queue)
        sent = [app.send_task('life.ignored', [5]),
                app.send_task('java.add', [1, 2], ignore_result=True),
                app.send_task('java.add', [2, 3])]
        for result in sent:
            worker.wait_for_log(rf'\[{result.id}\] succeeded')
        assert queue_length(app, app.backend.binding.name) == 1
        assert sent[2].get(timeout=TIMEOUT) == 5
    finally:
        worker.terminate()
