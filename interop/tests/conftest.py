"""Fixtures that start real workers: the Java one from the built jar, the Python one from Celery 5.2."""
import contextlib
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import time
import uuid

import pytest
import redis as redis_client

ROOT = pathlib.Path(__file__).resolve().parents[2]
JCELERY = ROOT / 'bin' / 'jcelery'
JAR = ROOT / 'cli' / 'target' / 'jcelery.jar'
SAMPLES = ROOT / 'samples' / 'target' / 'classes'
REDIS_HOST = os.environ.get('JC_REDIS_HOST', '127.0.0.1')
REDIS_PORT = int(os.environ.get('JC_REDIS_PORT', '6379'))
AMQP_HOST = os.environ.get('JC_AMQP_HOST', '127.0.0.1')
AMQP_PORT = int(os.environ.get('JC_AMQP_PORT', '5672'))
AMQP_URL = f'amqp://guest:guest@{AMQP_HOST}:{AMQP_PORT}//'
BROKER_DB, BACKEND_DB = 3, 4
TIMEOUT = 30


def wait_until(predicate, timeout, what):
    """Polls `predicate` until it is truthy; fails the test naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f'timed out after {timeout}s waiting for {what}')


def unique(prefix):
    return f'{prefix}.{uuid.uuid4().hex[:10]}'


def require_service(name, host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as exc:
        pytest.fail(f'{name} is not reachable at {host}:{port} ({exc}); '
                    f'the interop tests need a running {name} (scripts/test.sh starts one)')


@pytest.fixture(scope='session')
def redis_urls():
    require_service('Redis', REDIS_HOST, REDIS_PORT)
    base = f'redis://{REDIS_HOST}:{REDIS_PORT}'
    return f'{base}/{BROKER_DB}', f'{base}/{BACKEND_DB}'


# (broker, result backend) pairs the cross-language suites run on: the same tests, parametrised.
DEPLOYMENTS = {
    'redis': ('redis', 'redis'),
    'amqp+redis': ('amqp', 'redis'),
    'amqp+rpc': ('amqp', 'rpc'),
}


@pytest.fixture(scope='module', params=list(DEPLOYMENTS))
def deployment(request, redis_urls):
    """A (broker URL, result backend URL) pair: Redis alone, or RabbitMQ with Redis or rpc:// results."""
    broker_kind, backend_kind = DEPLOYMENTS[request.param]
    if broker_kind == 'amqp':
        require_service('RabbitMQ', AMQP_HOST, AMQP_PORT)
    broker = AMQP_URL if broker_kind == 'amqp' else redis_urls[0]
    backend = 'rpc://' if backend_kind == 'rpc' else redis_urls[1]
    return broker, backend


@pytest.fixture(scope='module', params=['redis', 'amqp+redis'])
def broker_deployment(request, redis_urls):
    """(broker kind, broker URL, backend URL): Redis alone, or RabbitMQ with Redis results."""
    broker_kind, _ = DEPLOYMENTS[request.param]
    if broker_kind == 'amqp':
        require_service('RabbitMQ', AMQP_HOST, AMQP_PORT)
    broker = AMQP_URL if broker_kind == 'amqp' else redis_urls[0]
    return broker_kind, broker, redis_urls[1]


@pytest.fixture(scope='session')
def backend_redis(redis_urls):
    return redis_client.Redis(host=REDIS_HOST, port=REDIS_PORT, db=BACKEND_DB)


@pytest.fixture(scope='session')
def broker_redis(redis_urls):
    return redis_client.Redis(host=REDIS_HOST, port=REDIS_PORT, db=BROKER_DB)


@pytest.fixture(scope='session', autouse=True)
def built_jar():
    for path, what in ((JAR, 'the jcelery jar'), (SAMPLES, 'the sample task classes')):
        if not path.exists():
            pytest.fail(f'{what} is missing at {path}: build first with '
                        '`mvn -B package -DskipTests` (scripts/test.sh does)')


class Process:
    """A worker process whose output goes to a log file the test can read."""

    def __init__(self, cmd, log_path, env=None, cwd=None):
        self.log_path = log_path
        self._log = open(log_path, 'wb')
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT,
                                     env=env, cwd=cwd, start_new_session=True)

    def output(self):
        return self.log_path.read_text(errors='replace')

    def wait_for_log(self, pattern, timeout=TIMEOUT):
        regex = re.compile(pattern)

        def seen():
            if self.proc.poll() is not None and not regex.search(self.output()):
                pytest.fail(f'worker exited with {self.proc.returncode} before logging '
                            f'{pattern!r}:\n{self.output()[-4000:]}')
            return regex.search(self.output())
        return wait_until(seen, timeout, f'{pattern!r} in {self.log_path}')

    def terminate(self, timeout=TIMEOUT):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._log.close()


def write_config(path, broker, backend, **extra):
    """A jcelery YAML config; values are written as JSON, which YAML reads as flow style."""
    conf = {'broker_url': broker, 'result_backend': backend,
            'accept_content': ['json', 'msgpack', 'yaml']}
    conf.update(extra)
    path.write_text(''.join(f'{k}: {json.dumps(v)}\n' for k, v in conf.items()))
    return path


# The sample classes whose tasks every Java worker of the interop suite registers.
JAVA_TASK_CLASSES = (
    'io.jcelery.samples.InteropTasks',
    'io.jcelery.samples.RetryTasks',
    'io.jcelery.samples.RevokeTasks',
    'io.jcelery.samples.LifecycleTasks',
)


def start_java_worker(tmp_path, broker, backend, queue, concurrency=4, extra_args=(), ready=True,
                      **conf):
    """A Java worker consuming `queue`; with ready=False it returns before the worker is ready."""
    name = unique('jworker')
    config = write_config(tmp_path / f'{name}.yaml', broker, backend, **conf)
    cmd = [str(JCELERY), '--classpath', str(SAMPLES), '-A', ','.join(JAVA_TASK_CLASSES),
           '--config', str(config), 'worker', '-Q', queue, '-c', str(concurrency),
           '-n', f'{name}@localhost', '-l', 'INFO', *extra_args]
    worker = Process(cmd, tmp_path / f'{name}.log')
    worker.queue = queue
    if ready:
        worker.wait_for_log(r'ready\.')
    return worker


def start_python_worker(tmp_path, broker, backend, queue, env_extra=None):
    name = unique('pyworker')
    env = dict(os.environ, PYTHONPATH=str(ROOT / 'interop'), JC_BROKER=broker,
               JC_BACKEND=backend, JC_QUEUE=queue, **(env_extra or {}))
    cmd = ['/usr/bin/python3', '-m', 'celery', '-A', 'jc_interop.pytasks', 'worker',
           '-P', 'solo', '-Q', queue, '-n', f'{name}@localhost', '-l', 'INFO',
           '--without-heartbeat', '--without-gossip', '--without-mingle']
    worker = Process(cmd, tmp_path / f'{name}.log', env=env)
    worker.queue = queue
    worker.wait_for_log(r'ready\.')
    return worker


def queue_length(app, queue):
    """Ready messages in `queue` (not those a consumer holds), on any broker, through kombu."""
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        if hasattr(channel, '_size'):  # kombu's virtual transports (Redis): an empty list is no key
            return channel._size(queue)
        return channel.queue_declare(queue=queue, passive=True).message_count


@contextlib.contextmanager
def dead_letters(app, queue):
    """On RabbitMQ, routes messages rejected without requeue from `queue` to a queue of their own
    (a policy, so the worker declares `queue` unchanged) and yields a function counting them; an
    acked message is not dead-lettered, so the count tells a reject from an ack. On Redis, where
    kombu's reject without requeue drops the message as an ack does, yields None."""
    if not app.conf.broker_url.startswith('amqp'):
        yield None
        return
    dlq, policy = f'{queue}.dead', f'{queue}.dlx'
    with app.connection_for_write() as conn:
        conn.default_channel.queue_declare(queue=dlq, durable=False, auto_delete=False)
    definition = json.dumps({'dead-letter-exchange': '', 'dead-letter-routing-key': dlq})
    subprocess.run(['rabbitmqctl', '-q', 'set_policy', '-p', '/', '--apply-to', 'queues',
                    policy, f'^{re.escape(queue)}$', definition], check=True, timeout=60)
    try:
        yield lambda: queue_length(app, dlq)
    finally:
        subprocess.run(['rabbitmqctl', '-q', 'clear_policy', '-p', '/', policy], timeout=60)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue=dlq)


def jcelery(*args, env_extra=None, timeout=120):
    """Runs the jcelery command line and returns the completed process."""
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([str(JCELERY), *args], capture_output=True, text=True,
                          env=env, timeout=timeout)
