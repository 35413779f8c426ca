"""The brokers the benchmark runs on: their URLs and queues, Celery's own producer filling a
queue with a workload's tasks, how many of them are done, and Redis alone (redis-benchmark).
Nothing here starts a worker or reads /proc (processes.py does)."""
import json
import subprocess
import time
import uuid

import redis

REDIS_BROKER = 'redis://127.0.0.1:6379/10'
BACKEND = 'redis://127.0.0.1:6379/11'
AMQP_BROKER = 'amqp://guest:guest@127.0.0.1:5672//'
BROKERS = {'redis': REDIS_BROKER, 'amqp': AMQP_BROKER}
QUEUE = 'bench.q'
TEMPLATE = 'bench.template'


def make_app(broker):
    from celery import Celery
    app = Celery('bench', broker=broker, backend=BACKEND)
    app.conf.update(accept_content=['json'], task_default_queue=QUEUE)
    return app


def redis_db(url):
    return redis.Redis.from_url(url)


def prefill(app, broker_kind, w, n):
    """Puts n messages of the workload on bench.q with Celery's own producer."""
    if broker_kind == 'redis':
        r = redis_db(REDIS_BROKER)
        # kombu's bookkeeping left by an earlier worker that was killed would count as not done
        r.delete('unacked', 'unacked_index', 'unacked_mutex')
        key = f'{TEMPLATE}.{w.task}.{len(json.dumps(w.args))}.{w.ignore_result}.{n}'
        if not r.exists(key):
            r.delete(QUEUE)
            _publish(app, broker_kind, w, n)
            r.copy(QUEUE, key)
        r.copy(key, QUEUE, replace=True)
        return
    with app.connection_for_write() as conn:
        if _amqp_queue_exists(conn):
            conn.default_channel.queue_purge(QUEUE)
    _publish(app, broker_kind, w, n, settle=lambda conn: _await_amqp_queue(conn, n))


def _await_amqp_queue(conn, n, limit=120):
    """Waits until all n messages are in the queue: RabbitMQ's queue goes on taking published
    messages in for seconds after the producer's last publish (184,099 of 200,000 were in the
    queue then), and a worker started meanwhile would be timed against that work."""
    deadline = time.monotonic() + limit
    while True:
        count = _amqp_ready(conn)
        if count >= n:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f'only {count} of {n} messages reached {QUEUE} in {limit} s')
        time.sleep(0.1)


def _amqp_ready(conn):
    """How many messages of bench.q are ready (not delivered to a consumer)."""
    return conn.default_channel.queue_declare(QUEUE, passive=True).message_count


def _amqp_queue_exists(conn):
    try:
        conn.default_channel.queue_declare(QUEUE, passive=True)
        return True
    except Exception:  # noqa: BLE001 - kombu raises the broker's NOT_FOUND
        return False


# Messages published between two passive declares on the publishing channel (see _publish).
PUBLISH_CHUNK = 5000


def _publish(app, broker_kind, w, n, settle=None):
    """Publishes n messages of the workload with Celery's producer on a connection of its own,
    then calls settle(connection) before that connection closes.

    On RabbitMQ a passive declare on the publishing channel follows every PUBLISH_CHUNK
    messages; RabbitMQ answers it only once it has read the publishes before it, so the socket
    never holds more than a chunk RabbitMQ has not read. Unthrottled, the producer ran far ahead
    of RabbitMQ, and now and then kombu's publish retry opened a second connection and went on
    there, while RabbitMQ lost what it had not read from the first ("client unexpectedly closed
    TCP connection"; 191,143 and 191,336 of 200,000 messages arrived). Publishes do not retry,
    so a lost connection fails the run instead of losing messages."""
    amqp = broker_kind == 'amqp'
    with app.connection_for_write() as conn, app.amqp.Producer(conn) as producer:
        for i in range(n):
            message = app.amqp.as_task_v2(str(uuid.uuid4()), w.task, args=w.args,
                                          ignore_result=w.ignore_result)
            app.amqp.send_task_message(producer, w.task, message, queue=QUEUE, retry=not amqp)
            if amqp and i % PUBLISH_CHUNK == PUBLISH_CHUNK - 1:
                _amqp_ready(conn)
        if settle:
            settle(conn)


def done_count(broker_kind, app, w, n):
    if not w.ignore_result:
        return redis_db(BACKEND).dbsize()
    if broker_kind == 'redis':
        r = redis_db(REDIS_BROKER)
        return n - r.llen(QUEUE) - r.hlen('unacked')
    with app.connection_for_write() as conn:
        # Ready messages only: the at most prefetch-count messages in flight are not seen.
        return n - _amqp_ready(conn)


def broker_alone(requests):
    """redis-benchmark LPUSH/RPOP unpipelined and pipelined (16) in the same run: ops/s."""
    out = {}
    for label, extra in (('unpipelined', []), ('pipelined x16', ['-P', '16'])):
        res = subprocess.run(['redis-benchmark', '-q', '-n', str(requests), '-t', 'lpush,rpop', '--csv',
                              *extra], capture_output=True, text=True, check=True).stdout
        for line in res.splitlines()[1:]:
            cols = [c.strip('"') for c in line.split(',')]
            out[f'Redis {cols[0]} {label}'] = float(cols[1])
    return out
