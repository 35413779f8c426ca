"""The Java client (jcelery call) sends tasks to a real Python Celery worker and reads its results."""
import json

import pytest

from conftest import TIMEOUT, jcelery, start_python_worker, unique


@pytest.fixture(scope='module')
def python_worker(tmp_path_factory, deployment):
    broker, backend = deployment
    worker = start_python_worker(tmp_path_factory.mktemp('j2p'), broker, backend, unique('j2p'))
    yield worker
    worker.terminate()


@pytest.fixture(scope='module')
def env(deployment):
    broker, backend = deployment
    return {'CELERY_BROKER_URL': broker, 'CELERY_RESULT_BACKEND': backend}


def call(env, worker, *args):
    return jcelery('call', *args, '--queue', worker.queue, '--wait', '--timeout', str(TIMEOUT),
                   env_extra=env)


@pytest.mark.parametrize('serializer', ['json', 'msgpack', 'yaml'])
def test_python_worker_runs_a_java_sent_task_and_java_reads_the_result(env, python_worker,
                                                                        serializer):
    done = call(env, python_worker, 'py.add', '--args', '[2, 3]', '--serializer', serializer)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == '5'


def test_java_client_reads_nested_unicode_results(env, python_worker):
    value = {'héllo': ['wörld', '😀', {'n': [1, 2.5, None, True]}]}
    done = call(env, python_worker, 'py.echo', '--args', json.dumps([value]))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == value


def test_python_exception_surfaces_in_java_with_type_and_message(env, python_worker):
    done = call(env, python_worker, 'py.fail', '--args', '["boom"]')
    assert done.returncode == 1
    assert 'ValueError: boom' in done.stdout + done.stderr
    python_worker.wait_for_log(r'Task py\.fail\[[^\]]+\] raised unexpected')
