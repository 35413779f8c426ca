"""Benchmark: jcelery against Python Celery on the same broker and workload, side by side.

The producer is the real Celery (Debian's 5.2): it pre-fills a queue with N tasks, then the driver
starts the worker command, times it until every result is stored, and reads the worker's CPU time
and peak RSS from /proc. Each round runs jcelery then Python (A B A B ...), so each ratio compares
two runs made a few seconds apart on the same machine. Run with /usr/bin/python3:

    /usr/bin/python3 bench/run.py                      # every workload, both brokers, 3 rounds
    /usr/bin/python3 bench/run.py --quick              # a smoke run with small N

It owns Redis databases 10 (broker) and 11 (results), which it flushes, and the RabbitMQ queues
`bench.q` and `bench.q.<side>` (round trips). Results: bench/results/bench.md and bench/results/bench.png.
"""
import argparse
import datetime
import gc
import json
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import redis

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCH = ROOT / 'bench'
sys.path.insert(0, str(BENCH))

from report import write_report  # noqa: E402  (bench/ is on the path from here on)

REDIS_BROKER = 'redis://127.0.0.1:6379/10'
BACKEND = 'redis://127.0.0.1:6379/11'
AMQP_BROKER = 'amqp://guest:guest@127.0.0.1:5672//'
BROKERS = {'redis': REDIS_BROKER, 'amqp': AMQP_BROKER}
QUEUE = 'bench.q'
TEMPLATE = 'bench.template'
CLOCK_TICK = os.sysconf('SC_CLK_TCK')
# a run whose done count has not moved for this long has stalled: give up on it
STALL_SECONDS = 60
JDK21 = next((p for p in sorted(pathlib.Path('/usr/lib/jvm').glob('*')) if
              any(v in p.name for v in ('21', '22', '23', '24', '25'))), None)


class Workload:
    def __init__(self, name, task, args, n, ignore_result=False, java_pool='threads',
                 java_concurrency=64, python_pool='prefork', python_concurrency=2, python_n=None,
                 heap=None):
        self.name, self.task, self.args, self.n = name, task, args, n
        self.ignore_result = ignore_result
        self.java_pool, self.java_concurrency = java_pool, java_concurrency
        self.python_pool, self.python_concurrency = python_pool, python_concurrency
        self.python_n = python_n or n
        self.heap = heap


def workloads(scale):
    # N: runs long enough that starting the worker is not most of what is timed. At -c 10000 with
    # 50,000 tasks the jcelery run lasted 7 s, 2 of them before the first result, and C2 and
    # the GC took a third of its CPU; with 200,000 (as the noop rows) it lasts about 25 s. Python
    # gets 3,000 (about 15 s) instead of 1,000 for the same reason.
    sleep = [Workload(f'sleep 50 ms, virtual -c {c}', 'bench.sleep', [0.05],
                      int(max(5000, 20 * c) * scale) or 10,
                      java_pool='virtual', java_concurrency=c, python_pool='gevent',
                      python_concurrency=100, python_n=int(3000 * scale) or 10, heap='512m')
             for c in (100, 1000, 10000)]
    return [
        # Python's best pool for noop here: prefork -c 4 (2,650 tasks/s) ahead of -c 2 (2,560),
        # solo (2,430) and threads -c 4 (1,640), Redis, 10,000 tasks. jcelery's: threads -c 64,
        # whose prefetch count (4 per thread) keeps more messages in hand: Redis noop 25,200 and
        # 26,000 tasks/s at -c 8, 28,700 and 29,100 at -c 64 (two runs each, 2 cores, 2026-12-03).
        Workload('noop, results', 'bench.noop', [], int(200000 * scale),
                 python_n=int(10000 * scale), python_concurrency=4),
        Workload('noop, ignore_result', 'bench.noop', [], int(200000 * scale), ignore_result=True,
                 python_n=int(10000 * scale), python_concurrency=4),
        *sleep,
        Workload('100 KB payload, results', 'bench.payload', ['x' * 100_000], int(5000 * scale),
                 python_n=int(2000 * scale)),
    ]


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
            _publish(app, w, n)
            r.copy(QUEUE, key)
        r.copy(key, QUEUE, replace=True)
        return
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE) if _amqp_queue_exists(conn) else None
    _publish(app, w, n, settle=lambda conn: _await_amqp_queue(conn, n))


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


def _publish(app, w, n, settle=None):
    """Publishes n messages of the workload with Celery's producer on a connection of its own,
    then calls settle(connection) before that connection closes.

    On RabbitMQ a passive declare on the publishing channel follows every PUBLISH_CHUNK
    messages; RabbitMQ answers it only once it has read the publishes before it, so the socket
    never holds more than a chunk RabbitMQ has not read. Unthrottled, the producer ran far ahead
    of RabbitMQ, and now and then kombu's publish retry opened a second connection and went on
    there, while RabbitMQ lost what it had not read from the first ("client unexpectedly closed
    TCP connection"; 191,143 and 191,336 of 200,000 messages arrived). Publishes do not retry,
    so a lost connection fails the run instead of losing messages."""
    amqp = app.conf.broker_url.startswith('amqp')
    with app.connection_for_write() as conn, app.amqp.Producer(conn) as producer:
        for i in range(n):
            message = app.amqp.as_task_v2(str(uuid.uuid4()), w.task, args=w.args,
                                          ignore_result=w.ignore_result)
            app.amqp.send_task_message(producer, w.task, message, queue=QUEUE, retry=not amqp)
            if amqp and i % PUBLISH_CHUNK == PUBLISH_CHUNK - 1:
                _amqp_ready(conn)
        if settle:
            settle(conn)


def process_tree(pid):
    children = {}
    for stat in pathlib.Path('/proc').glob('[0-9]*/stat'):
        try:
            fields = stat.read_text().rsplit(')', 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = pathlib.Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / CLOCK_TICK


def rabbitmq_pids():
    found = subprocess.run(['pgrep', '-f', 'beam.smp'], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def wait_until_quiet(pids, limit=60):
    """Waits until the processes use under 5 % of a core over half a second: RabbitMQ goes on
    writing persistent messages to disk after they were published (about a second after 200,000
    here), and a worker started meanwhile would be timed against that work too."""
    deadline = time.monotonic() + limit
    last = cpu_seconds(pids)
    while pids and time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pids)
        if now - last < 0.025:
            return
        last = now


def broker_cpu_seconds(rabbit):
    """CPU seconds used so far by the Redis server (broker and results) and by RabbitMQ."""
    info = redis_db(BACKEND).info('cpu')
    return info['used_cpu_user'] + info['used_cpu_sys'], cpu_seconds(rabbit)


def peak_rss_mb(pids):
    total = 0
    for pid in pids:
        try:
            for line in pathlib.Path(f'/proc/{pid}/status').read_text().splitlines():
                if line.startswith('VmHWM:'):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def worker_command(side, w, broker, tmp, concurrency=None, pool=None, queue=QUEUE):
    env = dict(os.environ)
    if side == 'jcelery':
        config = tmp / 'bench.yaml'
        config.write_text(f'broker_url: "{broker}"\nresult_backend: "{BACKEND}"\n'
                          f'accept_content: ["json"]\n')
        pool = pool or w.java_pool
        if pool == 'virtual':
            if JDK21 is None:
                sys.exit('the virtual pool needs a JDK 21+ under /usr/lib/jvm')
            env['JAVA_HOME'] = str(JDK21)
        if w and w.heap:
            env['JCELERY_JAVA_OPTS'] = f'-Xmx{w.heap}'
        cmd = [str(ROOT / 'bin' / 'jcelery'), '--classpath', str(ROOT / 'samples' / 'target' / 'classes'),
               '-A', 'io.jcelery.samples.BenchTasks', '--config', str(config), 'worker', '-Q', queue,
               '-P', pool, '-c', str(concurrency or w.java_concurrency), '-l', 'WARNING']
        return cmd, env, None
    env.update(BENCH_BROKER=broker, BENCH_BACKEND=BACKEND)
    cmd = ['/usr/bin/python3', '-m', 'celery', '-A', 'benchtasks', 'worker', '-Q', queue,
           '-P', pool or w.python_pool, '-c', str(concurrency or w.python_concurrency), '-l', 'WARNING',
           '--without-gossip', '--without-mingle', '--without-heartbeat']
    return cmd, env, str(BENCH)


def done_count(broker_kind, app, w, n):
    if not w.ignore_result:
        return redis_db(BACKEND).dbsize()
    if broker_kind == 'redis':
        r = redis_db(REDIS_BROKER)
        return n - r.llen(QUEUE) - r.hlen('unacked')
    with app.connection_for_write() as conn:
        # Ready messages only: the at most prefetch-count messages in flight are not seen.
        return n - _amqp_ready(conn)


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def throughput_run(side, broker_kind, w, timeout):
    n = w.n if side == 'jcelery' else w.python_n
    app = make_app(BROKERS[broker_kind])
    redis_db(BACKEND).flushdb()
    prefill(app, broker_kind, w, n)
    rabbit = rabbitmq_pids() if broker_kind == 'amqp' else []
    wait_until_quiet(rabbit)
    with tempfile.TemporaryDirectory() as tmp:
        cmd, env, cwd = worker_command(side, w, BROKERS[broker_kind], pathlib.Path(tmp))
        log = open(pathlib.Path(tmp) / 'worker.log', 'w')
        redis_cpu_start, rabbit_cpu_start = broker_cpu_seconds(rabbit)
        start = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        samples, pids, progressed = [], [proc.pid], start
        try:
            while True:
                now = time.monotonic()
                why = ('exited' if proc.poll() is not None else 'timed out' if now - start > timeout
                       else 'stalled' if now - progressed > STALL_SECONDS else None)
                done = samples[-1][1] if samples else 0
                if why:
                    raise RuntimeError(f'{side} {w.name} on {broker_kind}: {why}, {done}/{n} done; '
                                       'log:\n'
                                       + (pathlib.Path(tmp) / 'worker.log').read_text()[-3000:])
                pids = process_tree(proc.pid)
                count = done_count(broker_kind, app, w, n)
                if count > done:
                    progressed = now
                samples.append((now, count, cpu_seconds(pids)))
                if count >= n:
                    break
                time.sleep(0.02)
            rss = peak_rss_mb(pids)
            redis_cpu_end, rabbit_cpu_end = broker_cpu_seconds(rabbit)
        finally:
            stop(proc)
            log.close()
    end, _, cpu_end = samples[-1]
    first = next(s for s in samples if s[1] >= n * 0.1)
    steady_n = n - first[1]
    started = next(s for s in samples if s[1] > 0)
    quarter = next(s for s in samples if s[1] >= n / 4)
    return {
        'n': n,
        'tasks_per_s': n / (end - start),
        'steady_tasks_per_s': steady_n / max(end - first[0], 1e-9),
        # from the first result stored: comparable with RabbitMQ's drain of the same backlog
        'first_quarter_tasks_per_s': (quarter[1] - started[1]) / max(quarter[0] - started[0], 1e-9),
        'cpu_us_per_task': (cpu_end - first[2]) / max(steady_n, 1) * 1e6,
        'rss_mb': rss,
        # the brokers' own CPU over the whole run (the driver's polling is included, a few ms)
        'redis_us_per_task': (redis_cpu_end - redis_cpu_start) / n * 1e6,
        'rabbitmq_us_per_task': (rabbit_cpu_end - rabbit_cpu_start) / n * 1e6,
    }


def latency_run(broker_kind, sides, count, warmup):
    """Sequential round trips (send, then get), one worker per side, each a solo pool on its own
    queue, all running at once. The client takes the sides in turn, one round trip each (the
    order rotating every turn), so that every side meets the machine in the same state: on a
    2-core VM whose speed changes within minutes, sides measured one after the other differed
    more than the workers did. Measured after `warmup` round trips per side, so the JVM's JIT has
    compiled the path (the Python worker gets the same warm-up; after 3,000 the worker spent 720 us
    of CPU per round trip and after 15,000 480, while C2 went on compiling the per-message path
    for thousands of round trips). The client's own garbage collector is frozen while it measures:
    otherwise its collections (about 4 ms each, 1 % of the calls) set the p99 of every side
    alike. Side 'floor' (Redis only) is no worker at all but `floor_responder`, and every side
    also reports the client's own CPU time per round trip: no worker can make a round trip shorter
    than that. Then, with the same workers still running, jcelery's Java client (`java_round_trips`)
    does the same, whose own CPU per round trip is a fraction of the Python client's."""
    app = make_app(BROKERS[broker_kind])
    redis_db(BACKEND).flushdb()
    w = Workload('latency', 'bench.noop', [], count)
    queues = {side: f'{QUEUE}.{side}' for side in sides}
    procs = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for side in sides:
                if side == 'floor':
                    cmd, env, cwd = [sys.executable, str(pathlib.Path(__file__).resolve()),
                                     '--floor-responder', queues[side]], None, None
                else:
                    cmd, env, cwd = worker_command(side, w, BROKERS[broker_kind],
                                                   pathlib.Path(tmp), concurrency=1, pool='solo',
                                                   queue=queues[side])
                procs.append(subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.STDOUT, start_new_session=True))
            for side in sides:
                app.send_task('bench.noop', queue=queues[side]).get(timeout=60)  # it is up
            for _ in range(warmup):
                for side in sides:
                    app.send_task('bench.noop', queue=queues[side]).get(timeout=10)
            times = {side: [] for side in sides}
            cpu = {side: [] for side in sides}
            gc.collect()
            gc.freeze()
            gc.disable()
            try:
                for i in range(count):
                    for side in sides[i % len(sides):] + sides[:i % len(sides)]:
                        t, c = time.perf_counter(), time.process_time()
                        app.send_task('bench.noop', queue=queues[side]).get(timeout=10)
                        times[side].append((time.perf_counter() - t) * 1000)
                        cpu[side].append((time.process_time() - c) * 1000)
            finally:
                gc.enable()
                gc.unfreeze()
            java = java_round_trips(broker_kind, queues, count, warmup)
        finally:
            for proc in procs:
                stop(proc)
    return {'python': {side: round_trip_stats(times[side], cpu[side]) for side in sides},
            'java': {side: round_trip_stats(java[side]['times_ms'], java[side]['cpu_ms'])
                     for side in sides}}


def java_round_trips(broker_kind, queues, count, warmup):
    """The round trips of latency_run with jcelery's client (bench/jmh's RoundTrips): its times
    and CPU per round trip in ms, by side."""
    return java_driver('RoundTrips', BROKERS[broker_kind], BACKEND, count, warmup,
                       *(f'{side}={queue}' for side, queue in queues.items()))


def java_driver(program, *args):
    """Runs one of bench/jmh's io.jcelery.bench.driver programs on the default JDK, with the
    parallel collector as bin/jcelery runs a worker, and returns the JSON it prints last."""
    jar = ROOT / 'bench' / 'jmh' / 'target' / 'benchmarks.jar'
    cmd = ['java', '-XX:+UseParallelGC', '-cp', str(jar), f'io.jcelery.bench.driver.{program}',
           *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f'{program} failed ({done.returncode}):\n' + done.stderr[-3000:])
    return json.loads(done.stdout.splitlines()[-1])


def round_trip_stats(times_ms, cpu_ms):
    q = statistics.quantiles(times_ms, n=100)
    return {'p50_ms': q[49], 'p90_ms': q[89], 'p99_ms': q[98],
            # the mean: the JVM reads its process CPU time in clock ticks (10 ms), so single round
            # trips show 0 or 10 ms, and only their sum means something
            'client_cpu_ms': statistics.fmean(cpu_ms)}


def floor_responder(queue):
    """The least a worker can do for the round trip, in one thread: BRPOP the message, then SET and
    PUBLISH its result in one pipelined round trip, with no unacked bookkeeping, no ack, no pool
    and no task; what the client and Redis take alone."""
    broker, backend = redis_db(REDIS_BROKER), redis_db(BACKEND)
    while True:
        popped = broker.brpop([queue], timeout=1)
        if popped is None:
            continue
        task_id = json.loads(popped[1])['headers']['id']
        key = f'celery-task-meta-{task_id}'
        meta = json.dumps({'status': 'SUCCESS', 'result': None, 'traceback': None, 'children': [],
                           'date_done': datetime.datetime.utcnow().isoformat(), 'task_id': task_id})
        backend.pipeline(transaction=False).setex(key, 86400, meta).publish(key, meta).execute()


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


# A jcelery worker's consumer settings at -c 64: prefetch 4 x 64, acks in batches of a quarter.
DRAIN_PREFETCH, DRAIN_ACK_EVERY = 256, 64
# The workload whose rounds on RabbitMQ also drain its backlog with no worker (rabbitmq_drain).
DRAINED = 'noop, results'


def rabbitmq_drain(w):
    """RabbitMQ alone: bench/jmh's AmqpDrain consumes a backlog of w.n messages of the workload,
    as a jcelery run takes, with a worker's consumer settings and nothing else (no decoding, task
    or result): the most tasks/s RabbitMQ hands out and takes back on this machine with this
    backlog, over all of it and over its first quarter, and RabbitMQ's CPU per message."""
    prefill(make_app(AMQP_BROKER), 'amqp', w, w.n)
    rabbit = rabbitmq_pids()
    wait_until_quiet(rabbit)
    _, cpu_start = broker_cpu_seconds(rabbit)
    drained = java_driver('AmqpDrain', AMQP_BROKER, QUEUE, w.n, DRAIN_PREFETCH, DRAIN_ACK_EVERY)
    _, cpu_end = broker_cpu_seconds(rabbit)
    return {'n': w.n, 'tasks_per_s': drained['messages'] / drained['seconds'],
            'first_quarter_tasks_per_s': drained['messages'] / 4 / drained['first_quarter_seconds'],
            'rabbitmq_us_per_task': (cpu_end - cpu_start) / w.n * 1e6,
            'prefetch': DRAIN_PREFETCH, 'ack_every': DRAIN_ACK_EVERY}


def measure(broker_kind, w, rounds):
    """The rounds of one workload on one broker: jcelery, then Python (then RabbitMQ alone, for
    DRAINED on amqp), alternating; a report row."""
    runs = {'jcelery': [], 'python': []}
    drained = broker_kind == 'amqp' and w.name == DRAINED
    if drained:
        runs['rabbitmq alone'] = []
    for r in range(rounds):
        for side in ('jcelery', 'python'):
            result = throughput_run(side, broker_kind, w, timeout=600)
            runs[side].append(result)
            print(f'[{broker_kind}] {w.name} round {r + 1} {side}: '
                  f'{result["tasks_per_s"]:.0f} tasks/s '
                  f'(steady {result["steady_tasks_per_s"]:.0f}), '
                  f'{result["cpu_us_per_task"]:.0f} us CPU/task, {result["rss_mb"]:.0f} MB',
                  flush=True)
        if drained:
            result = rabbitmq_drain(w)
            runs['rabbitmq alone'].append(result)
            print(f'[amqp] {w.name} round {r + 1} RabbitMQ alone: '
                  f'{result["tasks_per_s"]:.0f} tasks/s', flush=True)
    ratios = [j['tasks_per_s'] / p['tasks_per_s'] for j, p in zip(runs['jcelery'], runs['python'])]
    return broker_kind, w, runs, ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--brokers', default='redis,amqp')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--only', help='run only workloads whose name contains this')
    parser.add_argument('--latency', type=int, default=1000, help='round trips per latency run')
    parser.add_argument('--warmup', type=int, default=20000, help='round trips before measuring')
    parser.add_argument('--quick', action='store_true', help='small N, one round (smoke test)')
    parser.add_argument('--out', default=str(BENCH / 'results'))
    parser.add_argument('--floor-responder', metavar='QUEUE', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_responder:
        floor_responder(args.floor_responder)
    scale = 0.05 if args.quick else 1.0
    rounds = 1 if args.quick else args.rounds
    latency_count = 50 if args.quick else args.latency
    warmup = 200 if args.quick else args.warmup
    brokers = args.brokers.split(',')
    chosen = [w for w in workloads(scale) if not args.only or args.only in w.name]

    rows, failures = [], []
    for broker_kind in brokers:
        for w in chosen:
            try:
                rows.append(measure(broker_kind, w, rounds))
            except Exception as e:  # noqa: BLE001 - the report keeps the other rows, then fails
                failures.append(f'{broker_kind} {w.name}: {e}')
                print(f'[{broker_kind}] {w.name} FAILED: {e}', flush=True)

    latency = []
    if not args.only or 'latency' in args.only:
        for broker_kind in brokers:
            sides = ['jcelery', 'python'] + (['floor'] if broker_kind == 'redis' else [])
            per_client = {client: {side: [] for side in sides} for client in ('python', 'java')}
            try:
                for _ in range(rounds):
                    for client, per_side in latency_run(broker_kind, sides, latency_count,
                                                        warmup).items():
                        for side, result in per_side.items():
                            per_client[client][side].append(result)
            except Exception as e:  # noqa: BLE001 - as for a workload above
                failures.append(f'{broker_kind} latency: {e}')
                print(f'[{broker_kind}] latency FAILED: {e}', flush=True)
                continue
            for client, per_side in per_client.items():
                latency.append((broker_kind, client, per_side))
                print(f'[{broker_kind}] latency, {client} client: {per_side}', flush=True)
    alone = broker_alone(20000 if args.quick else 200000) if 'redis' in brokers else {}
    write_report(pathlib.Path(args.out), rows, latency, alone, rounds, failures)
    if failures:
        sys.exit(f'{len(failures)} part(s) of the benchmark failed; see Failed in the report')


if __name__ == '__main__':
    main()
