"""The Python client of RpcResultBackendIT: sends tasks with backend='rpc://' and prints the results.

Usage: rpc_it_client.py BROKER_URL QUEUE. Prints one JSON object per line:
{"task": ..., "result": ...} or {"task": ..., "exc_type": ..., "exc_module": ..., "args": [...]}.
"""
import json
import sys

from celery import Celery

broker, queue = sys.argv[1], sys.argv[2]
app = Celery('rpc_it_client', broker=broker, backend='rpc://')

add = app.send_task('tasks.add', (2, 3), queue=queue)
fail = app.send_task('tasks.fail', ('boom',), queue=queue)

print(json.dumps({'task': 'tasks.add', 'result': add.get(timeout=60)}), flush=True)
try:
    value = fail.get(timeout=60)
    print(json.dumps({'task': 'tasks.fail', 'result': value}), flush=True)
except Exception as exc:  # the rebuilt remote exception
    print(json.dumps({'task': 'tasks.fail', 'exc_type': type(exc).__name__,
                      'exc_module': type(exc).__module__, 'args': list(exc.args),
                      'state': fail.state}), flush=True)
