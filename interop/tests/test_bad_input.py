"""Malformed messages, disallowed content types and unregistered tasks: a clear log line each,
handled as Celery handles them, and the Java worker keeps serving."""
import base64
import json
import uuid

import pytest

from conftest import TIMEOUT, start_java_worker, unique, wait_until
from jc_interop.app import make_app


@pytest.fixture
def java_worker(tmp_path, redis_urls):
    broker, backend = redis_urls
    worker = start_java_worker(tmp_path, broker, backend, unique('bad'))
    yield worker
    worker.terminate()


@pytest.fixture
def app(redis_urls, java_worker):
    broker, backend = redis_urls
    app = make_app(broker, backend, task_default_queue=java_worker.queue)
    app.conf.accept_content = ['json', 'msgpack', 'yaml', 'pickle']
    return app


def still_serving(app):
    assert app.send_task('java.add', args=(1, 1)).get(timeout=TIMEOUT) == 2


def envelope(queue, body, content_type, headers):
    return json.dumps({
        'body': base64.b64encode(body).decode(),
        'content-encoding': 'utf-8',
        'content-type': content_type,
        'headers': headers,
        'properties': {'correlation_id': headers.get('id'), 'reply_to': str(uuid.uuid4()),
                       'delivery_mode': 2,
                       'delivery_info': {'exchange': '', 'routing_key': queue},
                       'priority': 0, 'body_encoding': 'base64',
                       'delivery_tag': str(uuid.uuid4())},
    })


def queue_is_drained(broker_redis, queue):
    return broker_redis.llen(queue) == 0


def test_unregistered_task_is_rejected_and_fails_with_not_registered(app, java_worker):
    result = app.send_task('java.no_such_task', args=(1,))
    with pytest.raises(Exception) as raised:
        result.get(timeout=TIMEOUT)
    assert type(raised.value).__name__ == 'NotRegistered'
    java_worker.wait_for_log(r"Received unregistered task of type 'java\.no_such_task'")
    still_serving(app)


def test_disallowed_content_type_is_rejected_with_a_log_line(app, java_worker, broker_redis):
    result = app.send_task('java.add', args=(1, 2), serializer='pickle')
    java_worker.wait_for_log(r'(?i)content.*(disallowed|not allowed|refusing)')
    still_serving(app)
    assert result.state == 'PENDING', 'Celery stores no state for a refused message'
    assert queue_is_drained(broker_redis, java_worker.queue)


def test_undecodable_body_is_logged_and_dropped(app, java_worker, broker_redis):
    task_id = str(uuid.uuid4())
    headers = {'lang': 'py', 'task': 'java.add', 'id': task_id, 'root_id': task_id,
               'retries': 0, 'timelimit': [None, None]}
    broker_redis.lpush(java_worker.queue, envelope(java_worker.queue, b'[[1, 2], {not json',
                                                   'application/json', headers))
    java_worker.wait_for_log(r"(?i)can't decode message body")
    still_serving(app)
    assert queue_is_drained(broker_redis, java_worker.queue)


def test_garbage_that_is_not_a_kombu_envelope_is_logged_and_the_worker_goes_on(
        app, java_worker, broker_redis):
    broker_redis.lpush(java_worker.queue, b'this is not a kombu message \xff')
    java_worker.wait_for_log(r'discarding a message from queue .* that is not a kombu envelope')
    still_serving(app)


def test_arguments_that_do_not_bind_fail_the_task_not_the_worker(app, java_worker):
    result = app.send_task('java.add', args=('not a number', 2))
    with pytest.raises(Exception) as raised:
        result.get(timeout=TIMEOUT)
    assert type(raised.value).__name__ == 'TypeError'
    still_serving(app)
