"""SIGTERM or a first SIGINT is a warm shutdown: the Java worker stops taking messages, finishes the
running tasks and gives the prefetched ones back to the queue unacked, so another worker runs them.
A second SIGINT is a cold shutdown that exits at once and logs each running task it abandons.
SIGQUIT, Celery's other cold shutdown, is the JVM's thread dump. On Redis and RabbitMQ."""
import signal

import pytest

from conftest import TIMEOUT, queue_length, start_java_worker, unique, wait_until
from jc_interop.app import make_app


@pytest.mark.parametrize('sig', [signal.SIGTERM, signal.SIGINT], ids=['SIGTERM', 'SIGINT'])
def test_warm_shutdown_finishes_running_tasks_and_gives_back_prefetched_ones(tmp_path,
                                                                            broker_deployment, sig):
    _, broker, backend = broker_deployment
    queue = unique('term')
    first = start_java_worker(tmp_path, broker, backend, queue, concurrency=2)
    app = make_app(broker, backend, task_default_queue=queue)
    results = [app.send_task('java.slow', args=(i, 1500)) for i in range(6)]
    wait_until(lambda: first.output().count('] received') == 6, TIMEOUT, 'six received lines')
    assert queue_length(app, queue) == 0

    first.proc.send_signal(sig)
    assert first.proc.wait(TIMEOUT) == 0
    assert 'Warm shutdown' in first.output()
    finished = [r for r in results if r.state == 'SUCCESS']
    assert len(finished) == 2, 'the two running tasks finished before the worker exited'
    assert queue_length(app, queue) == 4, 'the four prefetched messages are back in the queue'

    second = start_java_worker(tmp_path, broker, backend, queue, concurrency=4)
    try:
        assert sorted(r.get(timeout=TIMEOUT) for r in results) == list(range(6))
    finally:
        second.terminate()


def test_sigterm_while_the_worker_starts_is_a_warm_shutdown_once_the_start_has_ended(tmp_path,
                                                                                     redis_urls):
    broker, backend = redis_urls
    worker = start_java_worker(tmp_path, broker, backend, unique('starting'), ready=False)
    worker.wait_for_log(r'\[tasks\]')  # the banner, printed before the start

    worker.proc.send_signal(signal.SIGTERM)

    assert worker.proc.wait(TIMEOUT) == 0, worker.output()[-3000:]
    assert 'Warm shutdown' in worker.output()


def test_second_sigint_is_a_cold_shutdown_that_logs_the_tasks_it_abandons(tmp_path,
                                                                         broker_deployment,
                                                                         broker_redis):
    kind, broker, backend = broker_deployment
    queue = unique('cold')
    worker = start_java_worker(tmp_path, broker, backend, queue, concurrency=2)
    app = make_app(broker, backend, task_default_queue=queue)
    early = app.send_task('life.started', args=(30,))
    late = app.send_task('java.slow_late', args=(1, 30000))
    wait_until(lambda: early.state == 'STARTED', TIMEOUT, 'the early-ack task to start')
    worker.wait_for_log(rf'java\.slow_late\[{late.id}\] received')

    # Celery's SIGQUIT is a cold shutdown; the JVM keeps SIGQUIT for its thread dump.
    worker.proc.send_signal(signal.SIGQUIT)
    worker.wait_for_log('Full thread dump')
    assert worker.proc.poll() is None, 'SIGQUIT does not stop the worker'

    worker.proc.send_signal(signal.SIGINT)
    worker.wait_for_log('Warm shutdown')
    worker.proc.send_signal(signal.SIGINT)
    assert worker.proc.wait(5) == 1
    log = worker.output()
    assert 'Cold shutdown' in log
    assert (f'Cold shutdown: task life.started[{early.id}] was running and its message was acked '
            'early: it is lost') in log
    assert f'Cold shutdown: task java.slow_late[{late.id}] was running; its message is not acked' in log
    if kind == 'redis':
        # Unacked until the visibility timeout restores it, as after a killed Celery worker.
        unacked = [v for v in broker_redis.hvals('unacked') if late.id.encode() in v]
        assert len(unacked) == 1 and early.id.encode() not in b''.join(broker_redis.hvals('unacked'))
    else:
        assert queue_length(app, queue) == 1, 'only the late-ack message goes back'
