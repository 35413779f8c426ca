"""A Python producer and the Java worker talk through kombu's serverless filesystem:// transport."""
from conftest import TIMEOUT, start_java_worker, unique
from jc_interop.app import make_app


def test_python_producer_reaches_java_worker_through_a_folder(tmp_path):
    folder = tmp_path / 'queue'
    results = tmp_path / 'results'
    folder.mkdir()
    results.mkdir()
    queue = unique('fs')
    backend = f'file://{results}'
    worker = start_java_worker(
        tmp_path, 'filesystem://', backend, queue,
        broker_transport_options={'data_folder_in': str(folder), 'data_folder_out': str(folder)})
    try:
        app = make_app('filesystem://', backend, task_default_queue=queue,
                       broker_transport_options={'data_folder_in': str(folder),
                                                 'data_folder_out': str(folder)})
        results_ = [app.send_task('java.add', args=(i, i)) for i in range(5)]
        assert [r.get(timeout=TIMEOUT) for r in results_] == [0, 2, 4, 6, 8]
        assert not list(folder.glob(f'*.{queue}.msg')), 'every message was consumed'
    finally:
        worker.terminate()
