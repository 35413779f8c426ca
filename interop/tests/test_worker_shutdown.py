"""SIGTERM is a warm shutdown: the Java worker stops taking messages, finishes the running tasks and
gives the prefetched ones back to the queue unacked, so another worker runs them."""
import signal

from conftest import TIMEOUT, start_java_worker, unique, wait_until
from jc_interop.app import make_app


def test_sigterm_finishes_running_tasks_and_gives_back_prefetched_ones(tmp_path, redis_urls,
                                                                      broker_redis):
    broker, backend = redis_urls
    queue = unique('term')
    first = start_java_worker(tmp_path, broker, backend, queue, concurrency=2)
    app = make_app(broker, backend, task_default_queue=queue)
    results = [app.send_task('java.slow', args=(i, 1500)) for i in range(6)]
    wait_until(lambda: broker_redis.llen(queue) == 0, TIMEOUT, 'the worker to prefetch every message')
    wait_until(lambda: first.output().count('] received') == 6, TIMEOUT, 'six received lines')

    first.proc.send_signal(signal.SIGTERM)
    assert first.proc.wait(TIMEOUT) == 0
    assert 'Warm shutdown' in first.output()
    finished = [r for r in results if r.state == 'SUCCESS']
    assert len(finished) == 2, 'the two running tasks finished before the worker exited'
    assert broker_redis.llen(queue) == 4, 'the four prefetched messages are back in the queue'

    second = start_java_worker(tmp_path, broker, backend, queue, concurrency=4)
    try:
        assert sorted(r.get(timeout=TIMEOUT) for r in results) == list(range(6))
    finally:
        second.terminate()
