"""Retries: the same task definitions (jc_interop/retrytasks.py and io.jcelery.samples.RetryTasks)
run on a Python 5.2 worker and on the Java worker, sent by a Python producer, on Redis and on
RabbitMQ. The state sequences the Redis result backend publishes for each task id must match
(celery/app/task.py `Task.retry`, celery/app/trace.py `handle_retry`, celery/app/autoretry.py)."""
import json
import re
import time

import pytest

from conftest import TIMEOUT, start_java_worker, start_python_worker, unique, wait_until
from jc_interop.app import make_app

READY = {'SUCCESS', 'FAILURE', 'REVOKED'}
# The Java twin of each Python exception the tasks raise.
JAVA_TYPES = {'ValueError': 'IllegalArgumentException'}


@pytest.fixture(scope='module')
def workers(tmp_path_factory, broker_deployment):
    _, broker, backend = broker_deployment
    tmp = tmp_path_factory.mktemp('retries')
    java = start_java_worker(tmp, broker, backend, unique('retry.java'))
    python = start_python_worker(tmp, broker, backend, unique('retry.py'))
    yield java, python
    java.terminate()
    python.terminate()


@pytest.fixture(scope='module')
def app(broker_deployment):
    _, broker, backend = broker_deployment
    return make_app(broker, backend)


class StateRecorder:
    """Every state the Redis backend publishes for the given task ids, in order, with arrival times."""

    def __init__(self, backend_redis):
        self.pubsub = backend_redis.pubsub()
        self.states = {}

    def watch(self, task_id):
        self.pubsub.subscribe(f'celery-task-meta-{task_id}')
        self.states[task_id] = []
        # Wait for the subscription itself so that no early state is missed.
        wait_until(lambda: self._drain() or self.pubsub.subscribed, TIMEOUT, 'the subscription')

    def _drain(self):
        while True:
            message = self.pubsub.get_message(timeout=0.01)
            if message is None:
                return False
            if message['type'] == 'message':
                meta = json.loads(message['data'])
                self.states[meta['task_id']].append((time.monotonic(), meta))

    def wait_ready(self, *task_ids, timeout=60):
        def ready():
            self._drain()
            return all(self.states[t] and self.states[t][-1][1]['status'] in READY
                       for t in task_ids)
        wait_until(ready, timeout, f'final states of {task_ids}')
        return [[meta for _, meta in self.states[t]] for t in task_ids]


def normalise(meta, task_id):
    """What must be equal between the two workers: status and result, exception types mapped."""
    result = meta['result']
    if isinstance(result, dict) and 'exc_type' in result:
        result = {'exc_type': JAVA_TYPES.get(result['exc_type'], result['exc_type']),
                  'exc_module': 'builtins' if result['exc_module'] == 'java.lang'
                  else result['exc_module'],
                  'exc_message': [m.replace(task_id, '<id>') if isinstance(m, str) else m
                                  for m in result['exc_message']]}
    return meta['status'], result


def run_on_both(app, workers, backend_redis, name, args):
    java, python = workers
    recorder = StateRecorder(backend_redis)
    ids = []
    for worker in (python, java):
        task_id = unique('retry')
        recorder.watch(task_id)
        app.send_task(name, args, task_id=task_id, queue=worker.queue)
        ids.append(task_id)
    py_states, java_states = recorder.wait_ready(*ids)
    py_seq = [normalise(m, ids[0]) for m in py_states]
    java_seq = [normalise(m, ids[1]) for m in java_states]
    return py_seq, java_seq, recorder, ids


def test_retry_with_countdown_stores_retry_states_then_the_result_like_python(
        app, workers, backend_redis):
    py_seq, java_seq, _, ids = run_on_both(app, workers, backend_redis, 'retry.countdown', [2])
    assert py_seq == [('RETRY', None), ('RETRY', None), ('SUCCESS', 2)]
    assert java_seq == py_seq
    assert app.AsyncResult(ids[1]).get(timeout=TIMEOUT) == 2
    java = workers[0]
    java.wait_for_log(rf'retry\.countdown\[{ids[1]}\] retry: Retry in 0\.2s')


def test_exhausted_retries_fail_with_the_tasks_exception_like_python(app, workers, backend_redis):
    py_seq, java_seq, _, ids = run_on_both(app, workers, backend_redis, 'retry.exhaust', ['boom'])
    value_error = {'exc_type': 'IllegalArgumentException', 'exc_module': 'builtins',
                   'exc_message': ['boom']}
    assert [s for s, _ in py_seq] == ['RETRY', 'RETRY', 'FAILURE']
    assert py_seq == [('RETRY', value_error), ('RETRY', value_error), ('FAILURE', value_error)]
    assert java_seq == py_seq
    with pytest.raises(Exception) as raised:
        app.AsyncResult(ids[1]).get(timeout=TIMEOUT)
    assert str(raised.value) == 'boom'


def test_exhausted_retries_without_exception_fail_with_max_retries_exceeded_like_python(
        app, workers, backend_redis):
    py_seq, java_seq, _, ids = run_on_both(app, workers, backend_redis, 'retry.exhaust_plain', [1])
    assert py_seq == [
        ('RETRY', None),
        ('FAILURE', {'exc_type': 'MaxRetriesExceededError', 'exc_module': 'celery.exceptions',
                     'exc_message': ["Can't retry retry.exhaust_plain[<id>] args:(1,) kwargs:{}"]})]
    assert java_seq == py_seq
    with pytest.raises(Exception) as raised:
        app.AsyncResult(ids[1]).get(timeout=TIMEOUT)
    assert type(raised.value).__name__ == 'MaxRetriesExceededError'


def test_autoretry_with_backoff_retries_after_1_then_2_seconds_like_python(
        app, workers, backend_redis):
    py_seq, java_seq, recorder, ids = run_on_both(
        app, workers, backend_redis, 'retry.autoretry', [2])
    value_error = {'exc_type': 'IllegalArgumentException', 'exc_module': 'builtins'}
    assert [(s, {k: r[k] for k in value_error} if r else r) for s, r in py_seq[:2]] == [
        ('RETRY', value_error), ('RETRY', value_error)]
    assert [r['exc_message'] for _, r in py_seq[:2]] == [['attempt 0'], ['attempt 1']]
    assert py_seq[2] == ('SUCCESS', 'ok')
    assert java_seq == py_seq
    for task_id in ids:
        times = [t for t, _ in recorder.states[task_id]]
        # Backoff 1 * 2**0 = 1 s, then 1 * 2**1 = 2 s (retry_jitter=False).
        assert 0.9 <= times[1] - times[0] < 1.9, (task_id, times)
        assert 1.9 <= times[2] - times[1] < 2.9, (task_id, times)


def test_retried_message_carries_the_same_id_and_incremented_retries(app, workers, broker_redis,
                                                                     broker_deployment):
    java = workers[0]
    task_id = unique('retry')
    app.send_task('retry.countdown', [1], task_id=task_id, queue=java.queue)
    assert app.AsyncResult(task_id).get(timeout=TIMEOUT) == 1
    received = re.findall(rf'Task retry\.countdown\[{task_id}\] received', java.output())
    assert len(received) == 2
