package io.jcelery.worker.complete;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.client.Celery;
import io.jcelery.client.SendOptions;
import io.jcelery.protocol.Embed;
import io.jcelery.protocol.Iso8601;
import io.jcelery.protocol.Signature;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.codec.CanvasTrees;
import io.jcelery.transport.DeliveryInfo;
import io.jcelery.worker.Retry;
import io.jcelery.worker.decode.TaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the callbacks and the next chain step of a task that succeeded, through the app's
 * producer, as Celery's {@code build_tracer} does: a mutable signature gets the result prepended
 * to its args; the next chain step carries the rest of the chain; every message names this task
 * as parent and keeps its root. Composite callbacks (groups, chords), errbacks and chord
 * membership are not handled yet: they are logged at WARN once, then at DEBUG. Thread-safe.
 *
 * @since 0.1
 */
public final class PublishFollowUps implements FollowUps {

  private static final Logger log = LoggerFactory.getLogger(PublishFollowUps.class);

  private final Celery app;
  private final AtomicBoolean warned = new AtomicBoolean();

  public PublishFollowUps(Celery app) {
    this.app = app;
  }

  @Override
  public ArrayNode publish(TaskRequest request, JsonNode result) {
    Embed embed = request.embed();
    ArrayNode children = null;
    if (embed.callbacks() != null) {
      for (Signature callback : embed.callbacks()) {
        children = send(request, callback, result, null, children);
      }
    }
    List<Signature> chain = embed.chain();
    if (chain != null && !chain.isEmpty()) {
      // The chain travels reversed: the next step is the last element (celery/app/trace.py).
      Signature next = chain.get(chain.size() - 1);
      List<Signature> rest = chain.subList(0, chain.size() - 1);
      children = send(request, next, result, rest.isEmpty() ? null : rest, children);
    }
    if (embed.chord() != null) {
      unsupported("chord member " + request + " (the chord body will not be called)");
    }
    return children;
  }

  @Override
  public void publishErrbacks(TaskRequest request, Throwable error) {
    List<Signature> errbacks = request.embed().errbacks();
    if (errbacks != null && !errbacks.isEmpty()) {
      unsupported("errbacks of " + request + " (not called)");
    }
  }

  @Override
  public void retry(TaskRequest request, Retry retry) {
    TaskHeaders headers = request.headers();
    Embed embed = request.embed();
    SendOptions.Builder b =
        SendOptions.builder()
            .taskId(request.id())
            .retries(headers.retries() + 1)
            .rootId(headers.rootId())
            .parentId(headers.parentId())
            .groupId(headers.group())
            .groupIndex(headers.groupIndex())
            .shadow(headers.shadow())
            .chord(embed.chord())
            .chain(embed.chain())
            .link(embed.callbacks())
            .linkError(embed.errbacks())
            .replyTo(request.properties().replyTo());
    if (retry.eta() != null) {
      b.eta(retry.eta());
    } else {
      b.countdown(retry.countdown());
    }
    if (request.expires() != null) {
      b.expires(request.expires());
    }
    if (headers.timeLimit() != null) {
      b.timeLimit(seconds(headers.timeLimit()));
    }
    if (headers.softTimeLimit() != null) {
      b.softTimeLimit(seconds(headers.softTimeLimit()));
    }
    // signature_from_request: the priority and route the message came with.
    DeliveryInfo delivery = request.deliveryInfo();
    if (delivery.priority() != null) {
      b.priority(delivery.priority());
    }
    String exchange = delivery.exchange();
    String routingKey = delivery.routingKey();
    if ((exchange == null || exchange.isEmpty()) && routingKey != null && !routingKey.isEmpty()) {
      b.queue(routingKey);
    } else {
      if (exchange != null) {
        b.exchange(exchange);
      }
      if (routingKey != null) {
        b.routingKey(routingKey);
      }
    }
    List<Object> args = new ArrayList<>(request.args().size());
    request.args().forEach(args::add);
    Map<String, Object> kwargs = new LinkedHashMap<>();
    request.kwargs().fields().forEachRemaining(e -> kwargs.put(e.getKey(), e.getValue()));
    app.sendTask(request.taskName(), args, kwargs, b.build());
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private ArrayNode send(
      TaskRequest request,
      Signature signature,
      JsonNode result,
      List<Signature> chain,
      ArrayNode children) {
    if (signature.subtaskType() != null) {
      unsupported(signature.subtaskType() + " follow-up of " + request);
      return children;
    }
    List<Object> args = new ArrayList<>(signature.args().size() + 1);
    if (!signature.immutable()) {
      args.add(result);
    }
    signature.args().forEach(args::add);
    Map<String, Object> kwargs = new LinkedHashMap<>();
    signature.kwargs().fields().forEachRemaining(e -> kwargs.put(e.getKey(), e.getValue()));
    try {
      SendOptions options = options(signature.options(), request, chain);
      String id = app.sendTask(signature.task(), args, kwargs, options).id();
      ArrayNode entry = JsonNodeFactory.instance.arrayNode();
      entry.addArray().add(id).addNull();
      entry.addNull();
      ArrayNode all = children != null ? children : JsonNodeFactory.instance.arrayNode();
      all.add(entry);
      return all;
    } catch (RuntimeException e) {
      log.error(
          "Cannot send {} following {}: {}", signature.task(), request, e.toString(), e);
      return children;
    }
  }

  /** The signature's apply_async options Celery's send_task would honour, plus parent and root. */
  private static SendOptions options(JsonNode o, TaskRequest request, List<Signature> chain) {
    SendOptions.Builder b = SendOptions.builder();
    text(o, "task_id").ifPresent(b::taskId);
    text(o, "queue").ifPresent(b::queue);
    text(o, "exchange").ifPresent(b::exchange);
    text(o, "routing_key").ifPresent(b::routingKey);
    text(o, "serializer").ifPresent(b::serializer);
    text(o, "compression").ifPresent(b::compression);
    text(o, "shadow").ifPresent(b::shadow);
    text(o, "group_id").ifPresent(b::groupId);
    text(o, "eta").ifPresent(eta -> b.eta(Iso8601.parse(eta)));
    if (o.path("priority").canConvertToInt()) {
      b.priority(o.get("priority").intValue());
    }
    if (o.path("group_index").canConvertToInt()) {
      b.groupIndex(o.get("group_index").intValue());
    }
    if (o.path("countdown").isNumber()) {
      b.countdown(seconds(o.get("countdown")));
    }
    JsonNode expires = o.path("expires");
    if (expires.isNumber()) {
      b.expires(seconds(expires));
    } else if (expires.isTextual()) {
      b.expires(Iso8601.parse(expires.asText()));
    }
    if (o.path("time_limit").isNumber()) {
      b.timeLimit(seconds(o.get("time_limit")));
    }
    if (o.path("soft_time_limit").isNumber()) {
      b.softTimeLimit(seconds(o.get("soft_time_limit")));
    }
    if (o.path("ignore_result").isBoolean()) {
      b.ignoreResult(o.get("ignore_result").booleanValue());
    }
    if (o.path("headers").isObject()) {
      o.get("headers").fields().forEachRemaining(e -> b.header(e.getKey(), e.getValue()));
    }
    List<Signature> link = signatures(o.path("link"));
    if (link != null) {
      b.link(link);
    }
    List<Signature> linkError = signatures(o.path("link_error"));
    if (linkError != null) {
      b.linkError(linkError);
    }
    String rootId = request.headers().rootId();
    return b.parentId(request.id())
        .rootId(rootId == null || rootId.isEmpty() ? request.id() : rootId)
        .chain(chain)
        .build();
  }

  private static java.util.Optional<String> text(JsonNode options, String key) {
    JsonNode value = options.path(key);
    return value.isTextual() ? java.util.Optional.of(value.asText()) : java.util.Optional.empty();
  }

  private static Duration seconds(JsonNode number) {
    return Duration.ofNanos(Math.round(number.doubleValue() * 1e9));
  }

  /** A {@code link} option: one signature dict or a list of them; null when absent. */
  private static List<Signature> signatures(JsonNode node) {
    if (node.isObject()) {
      return List.of(CanvasTrees.signatureFromTree(node));
    }
    if (node.isArray() && !node.isEmpty()) {
      List<Signature> list = new ArrayList<>();
      node.forEach(n -> list.add(CanvasTrees.signatureFromTree(n)));
      return list;
    }
    return null;
  }

  private void unsupported(String what) {
    if (warned.compareAndSet(false, true)) {
      log.warn("Canvas follow-ups are not yet supported: {}", what);
    } else {
      log.debug("Canvas follow-ups are not yet supported: {}", what);
    }
  }
}
