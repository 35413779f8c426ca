package io.jcelery.bench.driver;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.jcelery.transport.BrokerUrl;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * RabbitMQ alone, for the benchmark's "broker alone" rows ({@code bench/run.py}): consumes {@code
 * COUNT} messages already in {@code QUEUE} with the consumer settings of a jcelery worker (a
 * per-consumer prefetch count, acks as one multiple ack per {@code ACK_EVERY} deliveries) and does
 * nothing else: no decoding, no task, no result. Prints {@code {"messages": n, "seconds": s,
 * "first_quarter_seconds": q}}, timed from {@code basic.consume} until RabbitMQ has taken the last
 * ack, and until the delivery of the first quarter of the messages.
 *
 * <pre>
 * java -cp bench/jmh/target/benchmarks.jar io.jcelery.bench.driver.AmqpDrain \
 *     CELERY_AMQP_URL QUEUE COUNT PREFETCH ACK_EVERY
 * </pre>
 */
public final class AmqpDrain {

  private AmqpDrain() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length != 5) {
      System.err.println("usage: AmqpDrain CELERY_AMQP_URL QUEUE COUNT PREFETCH ACK_EVERY");
      System.exit(2);
    }
    String queue = argv[1];
    int count = Integer.parseInt(argv[2]);
    int prefetch = Integer.parseInt(argv[3]);
    int ackEvery = Integer.parseInt(argv[4]);
    // A Celery URL (amqp://guest:guest@host:5672// names the vhost "/"), as the workers read it.
    BrokerUrl url = BrokerUrl.parse(argv[0]);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(url.hostOr("127.0.0.1"));
    factory.setPort(url.portOr(5672));
    factory.setUsername(url.user() == null ? "guest" : url.user());
    factory.setPassword(url.password() == null ? "guest" : url.password());
    factory.setVirtualHost(url.path() == null || url.path().isEmpty() ? "/" : url.path());
    try (Connection connection = factory.newConnection("jcelery-bench-drain")) {
      Channel channel = connection.createChannel();
      channel.basicQos(prefetch, false);
      CountDownLatch done = new CountDownLatch(1);
      int[] received = {0};
      long[] quarter = {0};
      long start = System.nanoTime();
      channel.basicConsume(
          queue,
          false,
          (tag, delivery) -> {
            int n = ++received[0]; // one delivery at a time, on the channel's dispatch thread
            if (n == Math.max(1, count / 4)) {
              quarter[0] = System.nanoTime();
            }
            if (n % ackEvery == 0 || n == count) {
              channel.basicAck(delivery.getEnvelope().getDeliveryTag(), true);
            }
            if (n == count) {
              done.countDown();
            }
          },
          tag -> {});
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("only " + received[0] + " of " + count + " messages came");
      }
      // A synchronous method on the channel returns after RabbitMQ has handled the acks before it.
      channel.queueDeclarePassive(queue);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "{\"messages\": %d, \"seconds\": %.6f, \"first_quarter_seconds\": %.6f}%n",
          count, seconds, (quarter[0] - start) / 1e9);
    }
  }
}
