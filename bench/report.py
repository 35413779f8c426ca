"""The benchmark's report: bench/results/bench.md (every figure, the ratio per pair, what the
brokers' own CPU leaves for the targets), bench.json (the raw runs) and bench.png. run.py measures
and hands the runs over; nothing here talks to a broker or starts a worker."""
import datetime
import json
import os
import statistics
import sys


def median(values):
    return statistics.median(values) if values else float('nan')



def write_report(out, rows, latency, alone, rounds, failures=()):
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime('%Y-%m-%d %H:%M')
    lines = [f'# jcelery vs Python Celery 5.2 ({stamp}, {os.cpu_count()} cores, medians of {rounds})',
             '', f'Command: `/usr/bin/python3 bench/run.py {" ".join(sys.argv[1:])}`', '',
             '| broker | workload | jcelery tasks/s | Python tasks/s | ratio | jcelery steady tasks/s '
             '| jcelery CPU us/task | Python CPU us/task | broker CPU us/task (jcelery / Python) '
             '| jcelery RSS MB | Python RSS MB | N (jcelery / Python) |',
             '|---|---|---|---|---|---|---|---|---|---|---|---|']
    ceilings = []
    for broker_kind, w, runs, ratios in rows:
        j, p = runs['jcelery'], runs['python']
        m = lambda runs_, key: median([x[key] for x in runs_])  # noqa: E731
        lines.append(
            f'| {broker_kind} | {w.name} | {m(j, "tasks_per_s"):,.0f} | {m(p, "tasks_per_s"):,.0f} | '
            f'{median(ratios):.1f}x | {m(j, "steady_tasks_per_s"):,.0f} | {m(j, "cpu_us_per_task"):,.0f} | '
            f'{m(p, "cpu_us_per_task"):,.0f} | {broker_cpu(m, j)} / {broker_cpu(m, p)} | '
            f'{m(j, "rss_mb"):,.0f} | {m(p, "rss_mb"):,.0f} | {j[0]["n"]} / {p[0]["n"]} |')
        if w.name == 'noop, results':
            ceilings.append(ceiling(broker_kind, m, j, p))
    if ceilings:
        lines += ['', f'| broker | noop with results: target tasks/s | brokers\' CPU per task | '
                  f'most tasks/s the brokers allow on {os.cpu_count()} cores | verdict |',
                  '|---|---|---|---|---|']
        lines += ceilings
    if latency:
        lines += ['', '| broker | sequential round trip, noop, solo pool | jcelery worker p50 / p90 / p99 ms '
                  '| Python worker p50 / p90 / p99 ms | floor p50 / p90 / p99 ms '
                  '| client CPU per round trip, mean ms (jcelery / Python / floor) |',
                  '|---|---|---|---|---|---|']
        clients = {'python': "Python Celery's client", 'java': "jcelery's Java client"}
        for broker_kind, client, per_side in latency:
            cell = lambda runs_: ' / '.join(  # noqa: E731
                f'{median([x[k] for x in runs_]):.2f}' for k in ('p50_ms', 'p90_ms', 'p99_ms')) if runs_ else '-'
            cpu = ' / '.join(f'{median([x["client_cpu_ms"] for x in runs_]):.2f}'
                             for runs_ in per_side.values())
            lines.append(f'| {broker_kind} | {clients[client]} | {cell(per_side["jcelery"])} | '
                         f'{cell(per_side["python"])} | {cell(per_side.get("floor"))} | {cpu} |')
    drains = [(w, runs) for _, w, runs, _ in rows if 'rabbitmq alone' in runs]
    if drains:
        lines += ['', '| RabbitMQ alone (in the same rounds) | tasks/s | first quarter tasks/s '
                  '| RabbitMQ CPU us/task | jcelery on the same backlog: tasks/s, first quarter |',
                  '|---|---|---|---|---|']
        for w, runs in drains:
            d, j = runs['rabbitmq alone'], runs['jcelery']
            m = lambda runs_, key: median([x[key] for x in runs_])  # noqa: E731
            lines.append(f'| drain of {d[0]["n"]:,} {w.name} messages (prefetch {d[0]["prefetch"]}, '
                         f'multiple acks of {d[0]["ack_every"]}) | {m(d, "tasks_per_s"):,.0f} | '
                         f'{m(d, "first_quarter_tasks_per_s"):,.0f} | {m(d, "rabbitmq_us_per_task"):,.0f} | '
                         f'{m(j, "tasks_per_s"):,.0f}, {m(j, "first_quarter_tasks_per_s"):,.0f} |')
    if alone:
        lines += ['', '| Redis alone (same run) | ops/s |', '|---|---|']
        lines += [f'| {k} | {v:,.0f} |' for k, v in alone.items()]
    if failures:
        lines += ['', '## Failed', '', 'These parts of the run failed; their rows are missing:', '']
        lines += ['```\n' + f + '\n```' for f in failures]
    lines += ['', 'Python pools: prefork -c 4 for noop, -c 2 for the payload, gevent -c 100 for sleep. '
              'jcelery: threads -c 64, or virtual threads (JDK 21+) with -Xmx512m for sleep. '
              'tasks/s counts from the worker process start to the last result stored; steady '
              'tasks/s and CPU per task from 10 % of the tasks done to the last. With ignore_result '
              'on RabbitMQ the end is when the queue has no ready message (at most the prefetch '
              'count is still in flight). Broker CPU: the Redis server (broker and results) and, '
              'on the amqp rows, RabbitMQ, over the whole run. Round trips: Python Celery\'s client '
              'sends a noop and waits for its result, one at a time, to each side\'s solo worker '
              'in turn (all sides run at once, each on its own queue, so each meets the machine '
              'in the same state), after warm-up round trips of the same kind (the JIT compiles '
              'what it runs), with the client\'s GC frozen. '
              'Then jcelery\'s Java client (bench/jmh RoundTrips: send_task, then AsyncResult.get) '
              'does the same to the same workers, after the same number of warm-up round trips. '
              'Floor: no worker, a one-thread responder that only pops the message and stores its '
              'result (BRPOP, then SET and PUBLISH pipelined). Client CPU: the client process\'s own '
              'CPU time per round trip (mean); no worker can make the round trip shorter. '
              'RabbitMQ alone: in each round of that workload, after jcelery and Python, bench/jmh '
              'AmqpDrain takes the same backlog as jcelery\'s run with a jcelery worker\'s consumer '
              'settings, acks it, and does nothing else; first quarter: the first quarter of the '
              'messages, timed from the consumer\'s start (jcelery: from its first result).']
    (out / 'bench.md').write_text('\n'.join(lines) + '\n')
    raw = {'rows': [{'broker': b, 'workload': w.name, 'runs': runs} for b, w, runs, _ in rows],
           'latency': [{'broker': b, 'client': c, 'runs': per_side} for b, c, per_side in latency],
           'broker_alone': alone, 'failures': list(failures)}
    (out / 'bench.json').write_text(json.dumps(raw, indent=1) + '\n')
    print('\n'.join(lines))
    chart(out / 'bench.png', rows)


def broker_cpu(m, runs):
    """Redis (broker and results) CPU per task, plus RabbitMQ's where it was the broker."""
    redis_us, rabbit_us = m(runs, 'redis_us_per_task'), m(runs, 'rabbitmq_us_per_task')
    return f'{redis_us:,.0f}' + (f' + {rabbit_us:,.0f}' if rabbit_us > 0.5 else '')


def ceiling(broker_kind, m, j, p):
    """What the brokers' own CPU per task (measured in the jcelery runs) leaves for the throughput
    target on this machine: Redis runs on one thread, so 1 s of CPU / its CPU per task bounds any
    worker; otherwise the worker must fit in what the cores have left at the target rate."""
    redis_us, rabbit_us = m(j, 'redis_us_per_task'), m(j, 'rabbitmq_us_per_task')
    factor = 20 if broker_kind == 'redis' else 8
    needed = factor * m(p, 'tasks_per_s')
    brokers_us = redis_us + rabbit_us
    cores = os.cpu_count()
    if broker_kind == 'redis':
        bound = 1e6 / redis_us
        brokers = f'Redis {redis_us:,.0f} us (one thread)'
    else:
        bound = cores * 1e6 / brokers_us
        brokers = f'RabbitMQ {rabbit_us:,.0f} + Redis {redis_us:,.0f} us'
    budget = cores * 1e6 / needed - brokers_us
    if bound < needed:
        verdict = 'out of reach: the broker alone cannot serve it'
    elif budget <= 0:
        verdict = 'out of reach: the brokers alone fill the cores'
    else:
        verdict = (f'the worker would have to use at most {budget:,.0f} us CPU per task; '
                   f'jcelery uses {m(j, "cpu_us_per_task"):,.0f}')
    return (f'| {broker_kind} | {factor}x Python = {needed:,.0f} | {brokers} | {bound:,.0f} | '
            f'{verdict} |')


def chart(path, rows):
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print('matplotlib missing (Debian python3-matplotlib): no chart', file=sys.stderr)
        return
    labels = [f'{b}\n{w.name}' for b, w, _, _ in rows]
    jc = [median([x['tasks_per_s'] for x in runs['jcelery']]) for _, _, runs, _ in rows]
    py = [median([x['tasks_per_s'] for x in runs['python']]) for _, _, runs, _ in rows]
    fig, ax = plt.subplots(figsize=(max(8, len(rows) * 1.6), 5))
    xs = range(len(rows))
    ax.bar([x - 0.2 for x in xs], jc, 0.4, label='jcelery')
    ax.bar([x + 0.2 for x in xs], py, 0.4, label='Python Celery 5.2')
    ax.set_xticks(list(xs))
    ax.set_xticklabels(labels, fontsize=7)
    ax.set_yscale('log')
    ax.set_ylabel('tasks/s (log)')
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
