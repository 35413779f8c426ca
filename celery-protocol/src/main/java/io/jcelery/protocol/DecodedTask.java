package io.jcelery.protocol;

/**
 * A task message decoded to the protocol-2 model. Protocol-1 messages arrive here already upgraded
 * (celery {@code celery/worker/strategy.py} {@code proto1_to_proto2}).
 *
 * @param headers typed headers
 * @param body args, kwargs and embed
 * @param protocol the protocol version the message was sent with (1 or 2)
 * @param utc protocol 1 only: whether naive ETAs are UTC (the v1 {@code utc} field); true for v2
 * @since 0.1
 */
public record DecodedTask(TaskHeaders headers, TaskBody body, int protocol, boolean utc) {}
