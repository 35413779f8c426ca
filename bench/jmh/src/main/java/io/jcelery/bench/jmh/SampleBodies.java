package io.jcelery.bench.jmh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.Embed;
import io.jcelery.protocol.TaskBody;
import io.jcelery.protocol.codec.BodyCodecs;
import io.jcelery.protocol.codec.CanvasTrees;
import java.util.Locale;
import java.util.Random;

/**
 * Task bodies of a given size with realistic content: a json protocol-2 body {@code [[orders], {},
 * embed]} whose single argument is a list of order records (ids, names, prices, timestamps), so
 * that compressors see the redundancy of real payloads rather than one repeated byte. The same seed
 * always gives the same bytes.
 */
final class SampleBodies {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF"};
  private static final String[] STATUSES = {"new", "paid", "shipped", "cancelled"};

  private SampleBodies() {}

  /** A json-encoded body of at least {@code minBytes} bytes (one record more than needed). */
  static byte[] jsonTaskBody(int minBytes) {
    Random random = new Random(42);
    ArrayNode orders = NODES.arrayNode();
    byte[] encoded = encode(orders);
    for (int i = 0; encoded.length < minBytes; i++) {
      orders.add(order(random, i));
      encoded = encode(orders);
    }
    return encoded;
  }

  /** Size parameter text ({@code 1KB}, {@code 100KB}) in bytes. */
  static int bytes(String size) {
    if (!size.endsWith("KB")) {
      throw new IllegalArgumentException("Size must be given in KB: " + size);
    }
    return Integer.parseInt(size.substring(0, size.length() - 2)) * 1024;
  }

  private static byte[] encode(ArrayNode orders) {
    ArrayNode args = NODES.arrayNode().add(orders);
    TaskBody body = new TaskBody(args, NODES.objectNode(), Embed.EMPTY);
    return BodyCodecs.json().encode(CanvasTrees.bodyToTree(body));
  }

  private static ObjectNode order(Random random, int index) {
    ObjectNode order = NODES.objectNode();
    order.put("order_id", 1_000_000 + index);
    order.put("customer", "customer-" + Integer.toHexString(random.nextInt(1 << 20)));
    order.put("sku", "SKU-" + (10_000 + random.nextInt(90_000)));
    order.put("quantity", 1 + random.nextInt(9));
    order.put("price", Math.round(random.nextDouble() * 50_000) / 100.0);
    order.put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
    order.put("status", STATUSES[random.nextInt(STATUSES.length)]);
    order.put(
        "created",
        String.format(
            Locale.ROOT,
            "2024-05-%02dT%02d:%02d:%02d.%06d",
            1 + random.nextInt(28),
            random.nextInt(24),
            random.nextInt(60),
            random.nextInt(60),
            random.nextInt(1_000_000)));
    return order;
  }
}
