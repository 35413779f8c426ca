package io.jcelery.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed application headers of a protocol-2 task message, in the order {@code as_task_v2}
 * writes them (celery {@code celery/app/amqp.py}). Headers jcelery does not model (custom ones from
 * {@code apply_async(headers=...)}, 5.3+ {@code stamps}, ...) are kept in {@link #extra()} so a
 * message can be re-encoded unchanged.
 *
 * @param lang {@code "py"} from Python producers, {@code "java"} from jcelery
 * @param task registered task name; its presence marks protocol 2
 * @param id task id
 * @param shadow display name for logs and events; may be null
 * @param eta ISO-8601 text as sent; may be null
 * @param expires ISO-8601 text as sent; may be null
 * @param group group id when the task is a group or chord member; may be null
 * @param groupIndex position in a chord header; may be null
 * @param retries retries so far
 * @param timeLimit hard time limit in seconds; may be null. The wire order is [hard, soft].
 * @param softTimeLimit soft time limit in seconds; may be null
 * @param rootId first task of the workflow
 * @param parentId task that sent this one; may be null
 * @param argsrepr Python repr of args, for logs only
 * @param kwargsrepr Python repr of kwargs, for logs only
 * @param origin node name of the sender
 * @param ignoreResult do not store the result
 * @param extra other headers, in order; never null
 * @since 0.1
 */
public record TaskHeaders(
    String lang,
    String task,
    String id,
    String shadow,
    String eta,
    String expires,
    String group,
    Integer groupIndex,
    int retries,
    Double timeLimit,
    Double softTimeLimit,
    String rootId,
    String parentId,
    String argsrepr,
    String kwargsrepr,
    String origin,
    boolean ignoreResult,
    Map<String, Object> extra) {

  /** The header names {@code as_task_v2} writes, in its order (celery {@code celery/app/amqp.py}). */
  public static final List<String> NAMES =
      List.of(
          "lang",
          "task",
          "id",
          "shadow",
          "eta",
          "expires",
          "group",
          "group_index",
          "retries",
          "timelimit",
          "root_id",
          "parent_id",
          "argsrepr",
          "kwargsrepr",
          "origin",
          "ignore_result");

  public TaskHeaders {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** Headers of a fresh call: root id = own id, no parent, no limits. */
  public static TaskHeaders of(String task, String id) {
    return new TaskHeaders(
        "py", task, id, null, null, null, null, null, 0, null, null, id, null, "()", "{}", null,
        false, Map.of());
  }

  /** The name to use in logs: {@code shadow} when set, else {@code task} (celery Request.name). */
  public String displayName() {
    return shadow != null ? shadow : task;
  }
}
