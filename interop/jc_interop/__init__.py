"""Python side of jcelery's cross-language tests: a Celery 5.2 app and Python tasks."""
