"""A Python producer sends tasks to the Java worker over Redis; Python's AsyncResult reads the results."""
import datetime
import decimal
import uuid

import pytest

from conftest import TIMEOUT, start_java_worker, unique
from jc_interop.app import make_app

SERIALIZERS = ['json', 'msgpack', 'yaml']
COMPRESSIONS = [None, 'zlib', 'bzip2']
NESTED = {
    'héllo': ['wörld', '😀', '漢字', {'n': [1, 2.5, None, True, False, -7, 2 ** 53 + 1]}],
    'empty': {},
    'list': [],
    'quote': 'it\'s "quoted"\n\ttab',
}


@pytest.fixture(scope='module')
def java_worker(tmp_path_factory, deployment):
    broker, backend = deployment
    worker = start_java_worker(tmp_path_factory.mktemp('p2j'), broker, backend, unique('p2j'))
    yield worker
    worker.terminate()


@pytest.fixture(scope='module')
def app(deployment, java_worker):
    broker, backend = deployment
    return make_app(broker, backend, task_default_queue=java_worker.queue)


@pytest.mark.parametrize('compression', COMPRESSIONS)
@pytest.mark.parametrize('serializer', SERIALIZERS)
def test_args_and_kwargs_bind_and_the_result_reaches_python(app, serializer, compression):
    opts = dict(serializer=serializer, compression=compression)
    assert app.send_task('java.add', args=(2, 3), **opts).get(timeout=TIMEOUT) == 5
    assert app.send_task('java.add', kwargs={'x': 2, 'y': 40}, **opts).get(timeout=TIMEOUT) == 42
    assert app.send_task('java.add', args=(1,), kwargs={'y': 2}, **opts).get(timeout=TIMEOUT) == 3


@pytest.mark.parametrize('compression', COMPRESSIONS)
@pytest.mark.parametrize('serializer', SERIALIZERS)
def test_unicode_and_nested_data_round_trip(app, serializer, compression):
    result = app.send_task('java.echo', args=(NESTED,), serializer=serializer,
                           compression=compression)
    assert result.get(timeout=TIMEOUT) == NESTED


@pytest.mark.parametrize('compression', COMPRESSIONS)
@pytest.mark.parametrize('serializer', SERIALIZERS)
def test_one_megabyte_argument_is_received_whole(app, serializer, compression):
    big = 'x' * 999_990 + 'é漢字😀'
    result = app.send_task('java.length', args=(big,), serializer=serializer,
                           compression=compression)
    assert result.get(timeout=TIMEOUT) == len(big.encode('utf-16-le')) // 2


@pytest.mark.parametrize('compression', COMPRESSIONS)
def test_datetime_uuid_and_decimal_arguments_bind_to_java_types(app, compression):
    # kombu 5.2's JSON encoder sends datetime as ISO text with 'Z', UUID and Decimal as str;
    # msgpack and safe YAML cannot carry these types at all in kombu 5.2 (EncodeError).
    when = datetime.datetime(2024, 5, 6, 10, 11, 12, 123456, tzinfo=datetime.timezone.utc)
    ident = uuid.UUID('12345678-1234-5678-1234-567812345678')
    result = app.send_task('java.types', args=(when, ident, decimal.Decimal('12.34')),
                           serializer='json', compression=compression)
    assert result.get(timeout=TIMEOUT) == {
        'next_day': '2024-05-07T10:11:12.123456Z',
        'uuid': '12345678-1234-5678-1234-567812345678',
        'doubled': '24.68',
    }


def test_yaml_timestamp_binds_to_a_java_datetime(app):
    when = datetime.datetime(2024, 5, 6, 10, 11, 12, tzinfo=datetime.timezone.utc)
    result = app.send_task('java.next_day', args=(when,), serializer='yaml')
    assert result.get(timeout=TIMEOUT) == '2024-05-07T10:11:12Z'


def test_java_exception_surfaces_in_python_with_type_message_and_traceback(app):
    result = app.send_task('java.fail', args=('boom',))
    with pytest.raises(Exception) as raised:
        result.get(timeout=TIMEOUT)
    assert type(raised.value).__name__ == 'IllegalArgumentException'
    assert str(raised.value) == 'boom'
    assert result.state == 'FAILURE'
    assert 'java.lang.IllegalArgumentException: boom' in result.traceback
    assert 'io.jcelery.samples.InteropTasks.fail' in result.traceback


def test_worker_logs_received_and_succeeded_like_celery(app, java_worker):
    result = app.send_task('java.add', args=(20, 22))
    assert result.get(timeout=TIMEOUT) == 42
    java_worker.wait_for_log(rf'Task java\.add\[{result.id}\] received')
    java_worker.wait_for_log(rf'Task java\.add\[{result.id}\] succeeded in [0-9.]+s: 42')
