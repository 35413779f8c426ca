package io.jcelery.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import java.io.IOException;
import java.util.Map;

/**
 * Basic properties whose header table is written in the caller's order. The client's {@link
 * AMQP.BasicProperties} keeps headers in a {@code HashMap}; Celery writes them in {@code
 * as_task_v2} order and py-amqp keeps that order on the wire, so with this class a Java producer
 * sends the same bytes as a Python one (and Python consumers see the same dict order).
 */
final class OrderedBasicProperties extends AMQP.BasicProperties {

  private final Map<String, Object> orderedHeaders;

  OrderedBasicProperties(AMQP.BasicProperties p, Map<String, Object> orderedHeaders) {
    super(
        p.getContentType(), p.getContentEncoding(), orderedHeaders, p.getDeliveryMode(),
        p.getPriority(), p.getCorrelationId(), p.getReplyTo(), p.getExpiration(),
        p.getMessageId(), p.getTimestamp(), p.getType(), p.getUserId(), p.getAppId(),
        p.getClusterId());
    this.orderedHeaders = orderedHeaders;
  }

  /** The generated writer of {@link AMQP.BasicProperties}, with the ordered header table. */
  @Override
  public void writePropertiesTo(ContentHeaderPropertyWriter writer) throws IOException {
    writer.writePresence(getContentType() != null);
    writer.writePresence(getContentEncoding() != null);
    writer.writePresence(orderedHeaders != null);
    writer.writePresence(getDeliveryMode() != null);
    writer.writePresence(getPriority() != null);
    writer.writePresence(getCorrelationId() != null);
    writer.writePresence(getReplyTo() != null);
    writer.writePresence(getExpiration() != null);
    writer.writePresence(getMessageId() != null);
    writer.writePresence(getTimestamp() != null);
    writer.writePresence(getType() != null);
    writer.writePresence(getUserId() != null);
    writer.writePresence(getAppId() != null);
    writer.writePresence(getClusterId() != null);
    writer.finishPresence();
    if (getContentType() != null) {
      writer.writeShortstr(getContentType());
    }
    if (getContentEncoding() != null) {
      writer.writeShortstr(getContentEncoding());
    }
    if (orderedHeaders != null) {
      writer.writeTable(orderedHeaders);
    }
    if (getDeliveryMode() != null) {
      writer.writeOctet(getDeliveryMode());
    }
    if (getPriority() != null) {
      writer.writeOctet(getPriority());
    }
    if (getCorrelationId() != null) {
      writer.writeShortstr(getCorrelationId());
    }
    if (getReplyTo() != null) {
      writer.writeShortstr(getReplyTo());
    }
    if (getExpiration() != null) {
      writer.writeShortstr(getExpiration());
    }
    if (getMessageId() != null) {
      writer.writeShortstr(getMessageId());
    }
    if (getTimestamp() != null) {
      writer.writeTimestamp(getTimestamp());
    }
    if (getType() != null) {
      writer.writeShortstr(getType());
    }
    if (getUserId() != null) {
      writer.writeShortstr(getUserId());
    }
    if (getAppId() != null) {
      writer.writeShortstr(getAppId());
    }
    if (getClusterId() != null) {
      writer.writeShortstr(getClusterId());
    }
  }
}
