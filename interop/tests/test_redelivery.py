"""A Java worker killed with SIGKILL while holding acks_late messages loses none: another worker
runs them all. On Redis they come back once the visibility timeout passes (kombu's unacked hash and
index); on RabbitMQ as soon as the dead connection closes. Early-acked messages are lost, as with a
killed Celery worker."""
from conftest import TIMEOUT, queue_length, start_java_worker, unique, wait_until
from jc_interop.app import make_app

VISIBILITY = 3


def test_late_ack_messages_held_by_a_killed_worker_are_run_by_another(tmp_path, broker_deployment,
                                                                     broker_redis):
    kind, broker, backend = broker_deployment
    queue = unique('kill')
    options = {'visibility_timeout': VISIBILITY}
    first = start_java_worker(tmp_path, broker, backend, queue, concurrency=2,
                              broker_transport_options=options)
    app = make_app(broker, backend, task_default_queue=queue)
    # acks_late tasks: running and prefetched messages are all unacked while the worker holds them.
    results = [app.send_task('java.slow_late', args=(i, 2000)) for i in range(6)]
    wait_until(lambda: first.output().count('] received') == 6, TIMEOUT, 'six received lines')
    assert queue_length(app, queue) == 0
    if kind == 'redis':
        assert broker_redis.zcard('unacked_index') >= 6
    first.kill()
    assert all(r.state == 'PENDING' for r in results), 'none finished before the kill'

    second = start_java_worker(tmp_path, broker, backend, queue, concurrency=6,
                               broker_transport_options=options)
    try:
        assert sorted(r.get(timeout=TIMEOUT + VISIBILITY) for r in results) == list(range(6))
        if kind == 'redis':
            second.wait_for_log(
                r'Restored [0-9]+ message\(s\) unacknowledged for longer than visibility_timeout')
    finally:
        second.terminate()


def test_early_acked_running_tasks_of_a_killed_worker_are_lost_late_acked_ones_come_back(
        tmp_path, broker_deployment):
    _, broker, backend = broker_deployment
    queue = unique('kill')
    options = {'visibility_timeout': VISIBILITY}
    first = start_java_worker(tmp_path, broker, backend, queue, concurrency=4,
                              broker_transport_options=options)
    app = make_app(broker, backend, task_default_queue=queue)
    early = [app.send_task('life.started', args=(30,)) for _ in range(2)]
    late = [app.send_task('java.slow_late', args=(i, 1000)) for i in range(2)]
    wait_until(lambda: all(r.state == 'STARTED' for r in early), TIMEOUT, 'the early tasks to start')
    wait_until(lambda: first.output().count('] received') == 4, TIMEOUT, 'four received lines')
    first.kill()

    second = start_java_worker(tmp_path, broker, backend, queue, concurrency=4,
                               broker_transport_options=options)
    try:
        # By the time the late-ack messages came back and ran, an unacked early one would have too.
        assert sorted(r.get(timeout=TIMEOUT + VISIBILITY) for r in late) == [0, 1]
        assert queue_length(app, queue) == 0
        assert all(r.state == 'STARTED' for r in early), 'the early-acked tasks never ran again'
        assert not any(r.id in second.output() for r in early)
    finally:
        second.terminate()
