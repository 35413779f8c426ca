package io.jcelery.results.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.BodyCodec;
import io.jcelery.protocol.codec.ResultMetaCodec;
import io.jcelery.protocol.codec.TaskMessageCodec;
import java.util.Map;

/**
 * The message the rpc backend sends for one task state, and its reading on the client side.
 * Stateless.
 */
final class RpcResultMessage {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RpcResultMessage() {}

  /**
   * The reply for a state: body {@code {task_id, status, result, traceback, children}} in that
   * order, nothing else (celery {@code RPCBackend._to_result}: no date_done, no extended fields);
   * the result serializer's content type, no compression, no headers; properties {@code
   * correlation_id}, the delivery mode, priority 0 (kombu's publish default) and no {@code
   * reply_to}.
   */
  static TaskMessage encode(
      ResultMeta meta, String correlationId, BodyCodec serializer, int deliveryMode) {
    ObjectNode body = NODES.objectNode();
    body.put("task_id", meta.taskId());
    body.put("status", meta.status());
    body.set("result", meta.result() == null ? NODES.nullNode() : meta.result());
    body.put("traceback", meta.traceback());
    body.set("children", meta.children() == null ? NODES.arrayNode() : meta.children());
    return new TaskMessage(
        serializer.contentType(),
        serializer.contentEncoding(),
        Map.of(),
        new MessageProperties(correlationId, null, deliveryMode, 0, null, Map.of()),
        serializer.encode(body));
  }

  /**
   * Reads a reply: decompresses, checks the content type against the accepted content and decodes
   * it (with the message's own content type, as kombu's consumer does).
   *
   * @throws io.jcelery.protocol.ContentDisallowedException when the content type is not accepted
   * @throws io.jcelery.protocol.ProtocolException when the body is not a result dict
   */
  static ResultMeta decode(TaskMessage message, TaskMessageCodec codec) {
    JsonNode tree = codec.decodePayload(message);
    return ResultMetaCodec.fromTree(tree);
  }

  /**
   * The task a reply is for: its {@code correlation_id}, else the body's {@code task_id} (celery
   * {@code RPCBackend._get_message_task_id}, for replies of old Celery versions); null when neither
   * is set.
   */
  static String taskId(TaskMessage message, ResultMeta meta) {
    String correlationId = message.properties().correlationId();
    return correlationId != null && !correlationId.isEmpty() ? correlationId : meta.taskId();
  }
}
