"""The benchmark's tasks for the Python worker, twins of io.jcelery.samples.BenchTasks.

BENCH_BROKER / BENCH_BACKEND configure the app (the driver sets them)."""
import os
import time

from celery import Celery

app = Celery('bench', broker=os.environ.get('BENCH_BROKER'), backend=os.environ.get('BENCH_BACKEND'))
app.conf.update(accept_content=['json'], worker_hijack_root_logger=False)


@app.task(name='bench.noop')
def noop():
    return None


@app.task(name='bench.sleep')
def sleep(seconds):
    time.sleep(seconds)


@app.task(name='bench.payload')
def payload(data):
    return len(data)
