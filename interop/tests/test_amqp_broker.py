"""RabbitMQ-specific behaviour of the Java worker with a Python producer: recovery after the broker
drops the worker's connection, and message priorities on an x-max-priority queue."""
import subprocess

import pytest

from conftest import AMQP_HOST, AMQP_PORT, AMQP_URL, TIMEOUT, require_service, \
    start_java_worker, unique, wait_until
from jc_interop.app import make_app


@pytest.fixture
def amqp(redis_urls):
    require_service('RabbitMQ', AMQP_HOST, AMQP_PORT)
    return AMQP_URL, redis_urls[1]


def java_connections():
    """Pids of the connections the RabbitMQ Java client opened (the Java worker's)."""
    out = subprocess.run(['rabbitmqctl', '-q', 'list_connections', '--no-table-headers', 'pid',
                          'client_properties'], capture_output=True, text=True, check=True)
    return [line.split('\t')[0] for line in out.stdout.splitlines()
            if 'RabbitMQ Java' in line or 'jcelery' in line]


def test_worker_recovers_when_the_broker_closes_its_connection(tmp_path, amqp):
    broker, backend = amqp
    queue = unique('recover')
    worker = start_java_worker(tmp_path, broker, backend, queue, concurrency=4)
    try:
        app = make_app(broker, backend, task_default_queue=queue)
        results = [app.send_task('java.slow', args=(i, 100)) for i in range(40)]
        wait_until(lambda: sum(r.ready() for r in results) >= 5, TIMEOUT, 'some tasks to finish')
        pids = java_connections()
        assert pids, 'found the Java worker connection in rabbitmqctl list_connections'
        for pid in pids:
            subprocess.run(['rabbitmqctl', '-q', 'close_connection', pid, 'interop test'],
                           check=True, capture_output=True)
        assert sorted(r.get(timeout=TIMEOUT * 2) for r in results) == list(range(40))
        worker.wait_for_log(r'Connection to broker lost .*CONNECTION_FORCED')
        worker.wait_for_log(r'consumer of \[[^\]]+\]: consuming again')
        still = app.send_task('java.add', args=(2, 2)).get(timeout=TIMEOUT)
        assert still == 4
    finally:
        worker.terminate()


def test_higher_priority_task_sent_later_runs_first_when_the_worker_is_busy(tmp_path, amqp):
    broker, backend = amqp
    queue = unique('prio')
    worker = start_java_worker(tmp_path, broker, backend, queue, concurrency=1,
                               extra_args=('--prefetch-multiplier', '1'),
                               task_queue_max_priority=10)
    try:
        app = make_app(broker, backend, task_default_queue=queue, task_queue_max_priority=10)
        # acks_late: the busy task keeps the only prefetch slot, so the others wait in RabbitMQ.
        busy = app.send_task('java.slow_late', args=(0, 1500))
        worker.wait_for_log(rf'Task java\.slow_late\[{busy.id}\] received')
        low = [app.send_task('java.slow', args=(i, 50), priority=1) for i in range(1, 4)]
        high = app.send_task('java.slow', args=(9, 50), priority=9)
        for r in [busy, high, *low]:
            r.get(timeout=TIMEOUT)
        assert all(high.date_done < r.date_done for r in low), \
            f'high {high.date_done} vs low {[r.date_done for r in low]}'
    finally:
        worker.terminate()
