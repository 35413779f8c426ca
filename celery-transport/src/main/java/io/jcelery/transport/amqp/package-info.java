/**
 * {@code amqp://}, {@code amqps://} and {@code pyamqp://}: kombu's py-amqp transport ({@code
 * kombu/transport/pyamqp.py}, 5.2.4) on RabbitMQ with the RabbitMQ Java client, declaring the same
 * exchanges, queues and bindings as Celery and reading and writing the same header tables as
 * py-amqp, so Python and Java producers and workers share one broker. Start at {@link
 * io.jcelery.transport.amqp.AmqpTransportOptions} for the options.
 */
package io.jcelery.transport.amqp;
