"""Sequential round trips (send, then get) through Python Celery's client and jcelery's Java
client, to jcelery's worker, Python's and (Redis) the least any worker can do, the floor
responder. Run as a script, this module is the floor responder: roundtrips.py QUEUE."""
import datetime
import gc
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from brokers import BACKEND, BROKERS, QUEUE, REDIS_BROKER, make_app, redis_db
from processes import java_driver, stop, worker_command


def latency_rounds(broker_kind, rounds, count, warmup):
    """`rounds` of latency_run on one broker, with the floor on Redis: by client ('python',
    'java'), then by side, the round_trip_stats of each round."""
    sides = ['jcelery', 'python'] + (['floor'] if broker_kind == 'redis' else [])
    per_client = {client: {side: [] for side in sides} for client in ('python', 'java')}
    for _ in range(rounds):
        for client, per_side in latency_run(broker_kind, sides, count, warmup).items():
            for side, result in per_side.items():
                per_client[client][side].append(result)
    return per_client


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
    queues = {side: f'{QUEUE}.{side}' for side in sides}
    procs = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for side in sides:
                if side == 'floor':
                    cmd, env, cwd = [sys.executable, str(pathlib.Path(__file__).resolve()),
                                     queues[side]], None, None
                else:
                    cmd, env, cwd = worker_command(side, None, BROKERS[broker_kind],
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


if __name__ == '__main__':
    floor_responder(sys.argv[1])
