"""Deletes a queue of RpcResultBackendIT and its exchange.

Usage: rpc_it_cleanup.py BROKER_URL QUEUE
"""
import sys

from kombu import Connection

broker, queue = sys.argv[1], sys.argv[2]
with Connection(broker) as connection:
    channel = connection.default_channel
    if connection.transport.driver_type == 'redis':
        # kombu's virtual queue_delete forgets only the bindings this process made.
        channel.client.delete(queue, '_kombu.binding.' + queue)
    else:
        channel.queue_delete(queue)
        channel.exchange_delete(queue)
