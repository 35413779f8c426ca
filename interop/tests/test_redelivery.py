"""A Java worker killed with SIGKILL while holding messages loses none: once the visibility timeout
passes, another worker restores and runs them (kombu's unacked hash and index)."""
from conftest import TIMEOUT, start_java_worker, unique, wait_until
from jc_interop.app import make_app

VISIBILITY = 3


def test_messages_held_by_a_killed_worker_are_run_by_another(tmp_path, redis_urls, broker_redis):
    broker, backend = redis_urls
    queue = unique('kill')
    options = {'visibility_timeout': VISIBILITY}
    first = start_java_worker(tmp_path, broker, backend, queue, concurrency=2,
                              broker_transport_options=options)
    app = make_app(broker, backend, task_default_queue=queue)
    # acks_late tasks: running and prefetched messages are all unacked while the worker holds them.
    results = [app.send_task('java.slow_late', args=(i, 2000)) for i in range(6)]
    first.wait_for_log(r'Task java\.slow_late\[[^\]]+\] received')
    wait_until(lambda: broker_redis.llen(queue) == 0, TIMEOUT, 'the first worker to take every message')
    held = broker_redis.zcard('unacked_index')
    first.kill()
    assert held >= 6, f'the killed worker held {held} unacked messages'
    assert all(r.state == 'PENDING' for r in results), 'none finished before the kill'

    second = start_java_worker(tmp_path, broker, backend, queue, concurrency=6,
                               broker_transport_options=options)
    try:
        assert sorted(r.get(timeout=TIMEOUT + VISIBILITY) for r in results) == list(range(6))
        second.wait_for_log(r'Restored [0-9]+ message\(s\) unacknowledged for longer than visibility_timeout')
    finally:
        second.terminate()
