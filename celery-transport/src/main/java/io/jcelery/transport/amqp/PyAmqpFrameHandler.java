package io.jcelery.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;

/**
 * A {@link FrameHandler} that makes header tables speak py-amqp's dialect of 64-bit integers
 * ({@link PyAmqpLongTags}): {@code L} → {@code l} on the way in, {@code l} → {@code L} on the way
 * out. Everything else is passed through. Used by {@link AmqpConnectionFactory} for every
 * connection, including reconnections.
 */
final class PyAmqpFrameHandler implements FrameHandler {

  private final FrameHandler delegate;

  PyAmqpFrameHandler(FrameHandler delegate) {
    this.delegate = delegate;
  }

  /** Wraps the handlers a factory creates. */
  static FrameHandlerFactory wrap(FrameHandlerFactory factory) {
    return (address, connectionName) ->
        new PyAmqpFrameHandler(factory.create(address, connectionName));
  }

  @Override
  public Frame readFrame() throws IOException {
    Frame frame = delegate.readFrame();
    if (frame != null && frame.type == AMQP.FRAME_HEADER) {
      // An inbound frame hands out its own payload array: rewritten in place.
      PyAmqpLongTags.replace(
          frame.getPayload(), PyAmqpLongTags.PY_AMQP, PyAmqpLongTags.JAVA_CLIENT);
    }
    return frame;
  }

  @Override
  public void writeFrame(Frame frame) throws IOException {
    if (frame.type == AMQP.FRAME_HEADER) {
      byte[] payload = frame.getPayload();
      if (PyAmqpLongTags.replace(payload, PyAmqpLongTags.JAVA_CLIENT, PyAmqpLongTags.PY_AMQP)) {
        frame = new Frame(frame.type, frame.channel, payload);
      }
    }
    delegate.writeFrame(frame);
  }

  @Override
  public void setTimeout(int timeoutMs) throws SocketException {
    delegate.setTimeout(timeoutMs);
  }

  @Override
  public int getTimeout() throws SocketException {
    return delegate.getTimeout();
  }

  @Override
  public void sendHeader() throws IOException {
    delegate.sendHeader();
  }

  @Override
  public void initialize(AMQConnection connection) {
    delegate.initialize(connection);
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public InetAddress getLocalAddress() {
    return delegate.getLocalAddress();
  }

  @Override
  public int getLocalPort() {
    return delegate.getLocalPort();
  }

  @Override
  public InetAddress getAddress() {
    return delegate.getAddress();
  }

  @Override
  public int getPort() {
    return delegate.getPort();
  }
}
