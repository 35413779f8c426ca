"""The processes the benchmark starts and watches: the worker command of each side, jcelery's
Java driver programs (bench/jmh), and what /proc says of a process tree's CPU time and peak RSS,
the broker processes' included."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

from brokers import BACKEND, QUEUE, redis_db

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCH = ROOT / 'bench'
CLOCK_TICK = os.sysconf('SC_CLK_TCK')
JDK21 = next((p for p in sorted(pathlib.Path('/usr/lib/jvm').glob('*')) if
              any(v in p.name for v in ('21', '22', '23', '24', '25'))), None)


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
    """The command, environment and working directory of side's worker for workload w (None
    when pool and concurrency are given): (cmd, env, cwd)."""
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


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def java_driver(program, *args):
    """Runs one of bench/jmh's io.jcelery.bench.driver programs on the default JDK, with the
    parallel collector as bin/jcelery runs a worker, and returns the JSON it prints last."""
    jar = BENCH / 'jmh' / 'target' / 'benchmarks.jar'
    cmd = ['java', '-XX:+UseParallelGC', '-cp', str(jar), f'io.jcelery.bench.driver.{program}',
           *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f'{program} failed ({done.returncode}):\n' + done.stderr[-3000:])
    return json.loads(done.stdout.splitlines()[-1])
