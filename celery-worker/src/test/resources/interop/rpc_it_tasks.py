"""Tasks the Python worker of RpcResultBackendIT runs, replying over rpc://.

The broker URL comes from the RPC_IT_BROKER environment variable.
"""
import os

from celery import Celery

app = Celery('rpc_it', broker=os.environ['RPC_IT_BROKER'], backend='rpc://')
app.conf.update(
    task_track_started=True,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)


@app.task(name='rpc_it.add')
def add(x, y):
    return x + y


@app.task(name='rpc_it.fail')
def fail(message):
    raise ValueError(message)
