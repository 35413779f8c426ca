"""A Celery app configured from the environment, shared by producers and Python workers.

JC_BROKER     broker URL (default redis://127.0.0.1:6379/3)
JC_BACKEND    result backend URL (default redis://127.0.0.1:6379/4)
JC_FS_FOLDER  folder of the filesystem:// transport (data_folder_in and data_folder_out)
JC_VISIBILITY visibility_timeout of the Redis transport, seconds
"""
import os

from celery import Celery

ACCEPT = ['json', 'msgpack', 'yaml']


def make_app(broker=None, backend=None, **conf):
    app = Celery('jc_interop',
                 broker=broker or os.environ.get('JC_BROKER', 'redis://127.0.0.1:6379/3'),
                 backend=backend or os.environ.get('JC_BACKEND', 'redis://127.0.0.1:6379/4'))
    transport_options = {}
    folder = os.environ.get('JC_FS_FOLDER')
    if folder:
        transport_options.update(data_folder_in=folder, data_folder_out=folder)
    if os.environ.get('JC_VISIBILITY'):
        transport_options['visibility_timeout'] = float(os.environ['JC_VISIBILITY'])
    app.conf.update(
        accept_content=ACCEPT,
        result_accept_content=ACCEPT,
        broker_transport_options=transport_options,
        task_default_queue=os.environ.get('JC_QUEUE', 'celery'),
        worker_hijack_root_logger=False,
    )
    app.conf.update(conf)
    return app


app = make_app()
