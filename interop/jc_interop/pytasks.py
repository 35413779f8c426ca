"""Tasks run by a Python worker and called from Java (`celery -A jc_interop.pytasks worker`)."""
from jc_interop.app import app


@app.task(name='py.add')
def add(x, y):
    return x + y


@app.task(name='py.echo')
def echo(value):
    return value


@app.task(name='py.fail')
def fail(message):
    raise ValueError(message)

from jc_interop import retrytasks  # noqa: E402,F401  (registers the retry.* tasks)
