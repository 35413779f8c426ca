package io.jcelery.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskBody;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.ValueTree;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.DeliveryInfo;
import io.jcelery.worker.decode.TaskRequest;
import java.util.Map;
import java.util.UUID;

/** Builds {@link TaskRequest}s in memory for stage tests. */
public final class TestRequests {

  private TestRequests() {}

  /** A request for {@code task} with args and kwargs given as JSON text. */
  public static TaskRequest request(String task, String argsJson, String kwargsJson) {
    return request(task, argsJson, kwargsJson, new RecordingSettlement());
  }

  /** As {@link #request(String, String, String)}, settled through {@code settlement}. */
  public static TaskRequest request(
      String task, String argsJson, String kwargsJson, RecordingSettlement settlement) {
    String id = UUID.randomUUID().toString();
    TaskHeaders headers = TaskHeaders.of(task, id);
    TaskBody body = new TaskBody((ArrayNode) json(argsJson), (ObjectNode) json(kwargsJson), null);
    TaskMessage message =
        new TaskMessage(
            "application/json",
            "utf-8",
            Map.of("task", task, "id", id),
            MessageProperties.forTask(id, "reply"),
            new byte[0]);
    Delivery delivery =
        new Delivery(message, new DeliveryInfo("", "celery", "celery", false, 0), settlement);
    return new TaskRequest(
        delivery, new DecodedTask(headers, body, 2, true), null, null, "celery@test");
  }

  /** Parses JSON text to a tree. */
  public static JsonNode json(String text) {
    try {
      return ValueTree.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
