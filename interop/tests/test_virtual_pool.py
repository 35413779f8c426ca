"""--pool=virtual: virtual threads on a Java 21+ runtime, a clear error on Java 17."""
import glob
import os
import subprocess

import pytest

from conftest import SAMPLES, TIMEOUT, jcelery, start_java_worker, unique
from jc_interop.app import make_app


def java_major(java):
    out = subprocess.run([java, '-XshowSettings:properties', '-version'], capture_output=True,
                         text=True).stderr
    for line in out.splitlines():
        if 'java.specification.version' in line:
            return int(line.split('=')[1].strip().split('.')[0])
    return 0


def jdk_home(predicate):
    for home in sorted(glob.glob('/usr/lib/jvm/*/')):
        java = os.path.join(home, 'bin', 'java')
        if os.access(java, os.X_OK) and predicate(java_major(java)):
            return home.rstrip('/')
    return None


def test_virtual_pool_on_java_17_fails_with_a_clear_message(redis_urls):
    home = jdk_home(lambda major: major == 17)
    if home is None:
        pytest.fail('no Java 17 under /usr/lib/jvm: the build JDK must be there')
    broker, backend = redis_urls
    done = jcelery('--classpath', str(SAMPLES), '-A', 'io.jcelery.samples.InteropTasks',
                   'worker', '-b', broker, '-P', 'virtual', '-Q', unique('virt17'),
                   env_extra={'JAVA_HOME': home}, timeout=TIMEOUT)
    assert done.returncode != 0
    assert 'needs Java 21' in done.stdout + done.stderr


def test_virtual_pool_runs_python_sent_tasks_on_virtual_threads(tmp_path, redis_urls,
                                                               monkeypatch):
    home = jdk_home(lambda major: major >= 21)
    if home is None:
        pytest.fail('no JDK 21+ under /usr/lib/jvm; the virtual pool tests need one '
                    '(CI machines have Temurin 25)')
    monkeypatch.setenv('JAVA_HOME', home)
    broker, backend = redis_urls
    worker = start_java_worker(tmp_path, broker, backend, unique('virt'), concurrency=200,
                               extra_args=('-P', 'virtual'))
    try:
        app = make_app(broker, backend, task_default_queue=worker.queue)
        results = [app.send_task('java.slow', args=(i, 200)) for i in range(100)]
        assert [r.get(timeout=TIMEOUT) for r in results] == list(range(100))
        thread = app.send_task('java.thread').get(timeout=TIMEOUT)
        assert thread.startswith('VirtualThread'), thread
    finally:
        worker.terminate()
