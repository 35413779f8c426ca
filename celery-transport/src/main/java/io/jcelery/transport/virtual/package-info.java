/**
 * What kombu's {@code kombu/transport/virtual} gives every non-AMQP broker: the JSON envelope a
 * message is stored as ({@link io.jcelery.transport.virtual.KombuEnvelope}), exchanges and routing
 * emulated in the client ({@link io.jcelery.transport.virtual.ExchangeType}), prefetch emulation
 * ({@link io.jcelery.transport.virtual.QoS}) and a base that turns a few queue primitives into a
 * {@link io.jcelery.transport.Transport} ({@link
 * io.jcelery.transport.virtual.AbstractVirtualTransport}). The memory, filesystem and Redis
 * transports are built on it.
 */
package io.jcelery.transport.virtual;
