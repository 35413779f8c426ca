/**
 * The Java programs {@code bench/run.py} runs beside the workers: {@link
 * io.jcelery.bench.driver.RoundTrips}, round trips through jcelery's client, whose own cost per
 * round trip is a fraction of Python Celery's client, and {@link io.jcelery.bench.driver.AmqpDrain},
 * RabbitMQ's own speed at handing out and taking back the benchmark's messages, with no worker.
 */
package io.jcelery.bench.driver;
