"""Benchmark: jcelery against Python Celery on the same broker and workload, side by side.

The producer is the real Celery (Debian's 5.2): it pre-fills a queue with N tasks, then the driver
starts the worker command, times it until every result is stored, and reads the worker's CPU time
and peak RSS from /proc. Each round runs jcelery then Python (A B A B ...), so each ratio compares
two runs made a few seconds apart on the same machine. Run with /usr/bin/python3:

    /usr/bin/python3 bench/run.py                      # every workload, both brokers, 3 rounds
    /usr/bin/python3 bench/run.py --quick              # a smoke run with small N

It owns Redis databases 10 (broker) and 11 (results), which it flushes, and the RabbitMQ queues
`bench.q` and `bench.q.<side>` (round trips). Results: bench/results/bench.md and bench/results/bench.png.

This file holds the workloads, the throughput runs and the command line; brokers.py fills the
queues, processes.py starts the workers and reads /proc, roundtrips.py measures the round trips
and report.py writes the results.
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

from brokers import (AMQP_BROKER, BACKEND, BROKERS, QUEUE, broker_alone, done_count, make_app, prefill,
                     redis_db)
from processes import (BENCH, broker_cpu_seconds, cpu_seconds, java_driver, peak_rss_mb,
                       process_tree, rabbitmq_pids, stop, wait_until_quiet, worker_command)
from report import write_report
from roundtrips import latency_rounds

# a run whose done count has not moved for this long has stalled: give up on it
STALL_SECONDS = 60


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


def attempt(failures, broker_kind, part, run):
    """run(), or None once its failure is listed in failures: the report keeps the parts that
    ran, and the run exits non-zero at the end."""
    try:
        return run()
    except Exception as e:  # noqa: BLE001 - any failure of one part, the others go on
        failures.append(f'{broker_kind} {part}: {e}')
        print(f'[{broker_kind}] {part} FAILED: {e}', flush=True)
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--brokers', default='redis,amqp')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--only', help='run only workloads whose name contains this')
    parser.add_argument('--latency', type=int, default=1000, help='round trips per latency run')
    parser.add_argument('--warmup', type=int, default=20000, help='round trips before measuring')
    parser.add_argument('--quick', action='store_true', help='small N, one round (smoke test)')
    parser.add_argument('--out', default=str(BENCH / 'results'))
    args = parser.parse_args()
    scale = 0.05 if args.quick else 1.0
    rounds = 1 if args.quick else args.rounds
    latency_count = 50 if args.quick else args.latency
    warmup = 200 if args.quick else args.warmup
    brokers = args.brokers.split(',')
    chosen = [w for w in workloads(scale) if not args.only or args.only in w.name]

    rows, failures = [], []
    for broker_kind in brokers:
        for w in chosen:
            row = attempt(failures, broker_kind, w.name, lambda: measure(broker_kind, w, rounds))
            if row:
                rows.append(row)

    latency = []
    if not args.only or 'latency' in args.only:
        for broker_kind in brokers:
            per_client = attempt(failures, broker_kind, 'latency',
                                 lambda: latency_rounds(broker_kind, rounds, latency_count, warmup))
            for client, per_side in (per_client or {}).items():
                latency.append((broker_kind, client, per_side))
                print(f'[{broker_kind}] latency, {client} client: {per_side}', flush=True)
    alone = broker_alone(20000 if args.quick else 200000) if 'redis' in brokers else {}
    write_report(pathlib.Path(args.out), rows, latency, alone, rounds, failures)
    if failures:
        sys.exit(f'{len(failures)} part(s) of the benchmark failed; see Failed in the report')


if __name__ == '__main__':
    main()
