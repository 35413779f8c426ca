"""Retrying tasks, defined identically in Java (io.jcelery.samples.RetryTasks).

The interop suite runs each on a Python and on a Java worker and compares the state sequences.
"""
from jc_interop.app import app


@app.task(name='retry.countdown', bind=True, max_retries=5)
def countdown(self, times):
    """Retries `times` times without an exception, then returns how often it was retried."""
    if self.request.retries < times:
        raise self.retry(countdown=0.2)
    return self.request.retries


@app.task(name='retry.exhaust', bind=True, max_retries=2)
def exhaust(self, message):
    """Always retries with an exception: fails with that exception once retries are exhausted."""
    raise self.retry(exc=ValueError(message), countdown=0.2)


@app.task(name='retry.exhaust_plain', bind=True, max_retries=1, default_retry_delay=0.2)
def exhaust_plain(self, x):
    """Always retries without an exception: fails with MaxRetriesExceededError."""
    raise self.retry()


@app.task(name='retry.autoretry', bind=True, autoretry_for=(ValueError,), retry_backoff=1,
          retry_backoff_max=2, retry_jitter=False, max_retries=3)
def autoretry(self, succeed_at):
    """Raises ValueError until the `succeed_at`-th retry; autoretry with backoff 1, 2, 2 s."""
    if self.request.retries < succeed_at:
        raise ValueError(f'attempt {self.request.retries}')
    return 'ok'
