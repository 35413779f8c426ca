package io.jcelery.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.Embed;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskBody;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.TaskState;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.BodyCodec;
import io.jcelery.protocol.codec.BodyCodecs;
import io.jcelery.protocol.codec.ResultMetaCodec;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.protocol.codec.ValueTree;
import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.dispatch.RegisteredTask;
import io.jcelery.worker.dispatch.TaskDefaults;
import io.jcelery.worker.dispatch.TaskRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-task codec work of a worker for {@code add(2, 3)} as Celery 5.2 sends it, once per
 * serializer: decoding the task message into a {@link DecodedTask}, binding its args to the Java
 * method's parameters ({@link RegisteredTask#bind}), and encoding the {@code SUCCESS} result meta a
 * key-value backend such as Redis stores (the result serializer's encoding of {@link
 * ResultMetaCodec#toTree}, as {@code StoreResult} builds the meta). {@link #decodeBindEncode} is
 * the three in a row, with the task itself called in between.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TaskMessageBenchmark {

  private static final String TASK_ID = "c3c5dbf9-3458-5932-ba74-0eb432018001";

  /** The task being called: the shape of {@code tasks.add} in Celery's own examples. */
  public static class Tasks {
    @CeleryTask("tasks.add")
    public static int add(int x, int y) {
      return x + y;
    }
  }

  @Param({"json", "msgpack", "yaml"})
  public String serializer;

  private TaskMessageCodec codec;
  private BodyCodec bodyCodec;
  private TaskMessage message;
  private DecodedTask decoded;
  private RegisteredTask task;

  @Setup
  public void setUp() {
    bodyCodec = BodyCodecs.byName(serializer);
    codec = new TaskMessageCodec(AcceptContent.of("json", "msgpack", "yaml"));
    // The headers of the captured add(2, 3) (vectors/producer/redis/add_json.json).
    TaskHeaders headers =
        new TaskHeaders(
            "py",
            "tasks.add",
            TASK_ID,
            null,
            null,
            null,
            null,
            null,
            0,
            null,
            null,
            TASK_ID,
            null,
            "(2, 3)",
            "{}",
            "gen2357@vm",
            false,
            Map.of());
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    TaskBody body = new TaskBody(nodes.arrayNode().add(2).add(3), nodes.objectNode(), Embed.EMPTY);
    MessageProperties properties =
        MessageProperties.forTask(TASK_ID, "02b169d9-1d4a-321d-b4be-e9dc5cd4b081");
    message = codec.encode(headers, body, properties, bodyCodec, null);
    decoded = codec.decode(message);
    task = TaskRegistry.scan(List.of(Tasks.class), TaskDefaults.CELERY).get("tasks.add");
    Object[] arguments = task.bind(null, decoded.body().args(), decoded.body().kwargs());
    if (!decoded.headers().task().equals("tasks.add")
        || !List.of(arguments).equals(List.of(2, 3))) {
      throw new IllegalStateException("The message does not round-trip: " + decoded);
    }
  }

  @Benchmark
  public DecodedTask decode() {
    return codec.decode(message);
  }

  @Benchmark
  public Object[] bind() {
    return task.bind(null, decoded.body().args(), decoded.body().kwargs());
  }

  @Benchmark
  public byte[] encodeResult() {
    return encodeSuccess(decoded, ValueTree.toTree(5));
  }

  @Benchmark
  public byte[] decodeBindEncode() throws Throwable {
    DecodedTask request = codec.decode(message);
    Object value = task.invoke(task.bind(null, request.body().args(), request.body().kwargs()));
    return encodeSuccess(request, ValueTree.toTree(value));
  }

  /**
   * The meta {@code StoreResult} stores for SUCCESS, encoded as {@code ResultMetaFormat} does (the
   * result serializer is the task's serializer here).
   */
  private byte[] encodeSuccess(DecodedTask request, JsonNode result) {
    ResultMeta meta =
        new ResultMeta(
            TaskState.SUCCESS.name(),
            result,
            null,
            JsonNodeFactory.instance.arrayNode(),
            ResultMetaCodec.dateDone(Instant.now()),
            request.headers().group(),
            request.headers().parentId(),
            null,
            request.headers().id());
    return bodyCodec.encode(ResultMetaCodec.toTree(meta));
  }
}
