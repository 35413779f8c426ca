/**
 * The broker SPI: a {@link io.jcelery.transport.Transport} declares queues, publishes kombu
 * messages and delivers them to a consumer with a prefetch limit; every delivery is settled once
 * through its {@link io.jcelery.transport.Settlement}. Implementations live in one package per
 * broker, each mirroring its kombu module, and are found by URL scheme through {@link
 * io.jcelery.transport.TransportFactory}.
 */
package io.jcelery.transport;
