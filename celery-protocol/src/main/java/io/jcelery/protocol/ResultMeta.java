package io.jcelery.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a key-value result backend stores for a task ({@code celery/backends/base.py} {@code
 * _get_result_meta}), written in this key order: status, result, traceback, children, date_done,
 * [group_id], [parent_id], [name, args, kwargs, worker, retries, queue when result_extended],
 * task_id.
 *
 * @param status the state name; usually a {@link TaskState} name, but custom states exist
 * @param result return value, exception dict ({@link ExceptionInfo}) for exception states, or
 *     {@code {"pid", "hostname"}} for STARTED
 * @param traceback formatted traceback text or null
 * @param children as_tuple() entries of tasks this task sent; a JSON array, never null
 * @param dateDone ISO text; naive UTC as Celery 5.2.6 writes it; null until ready
 * @param groupId present only when the request had a group
 * @param parentId present only when the request had a parent
 * @param extended present only with {@code result_extended}
 * @param taskId the task id
 * @since 0.1
 */
public record ResultMeta(
    String status,
    JsonNode result,
    String traceback,
    JsonNode children,
    String dateDone,
    String groupId,
    String parentId,
    Extended extended,
    String taskId) {

  /**
   * The {@code result_extended} fields.
   *
   * @param name task name
   * @param args decoded args
   * @param kwargs decoded kwargs
   * @param worker node name of the worker
   * @param retries retries so far
   * @param queue routing key of the delivery
   */
  public record Extended(
      String name, JsonNode args, JsonNode kwargs, String worker, int retries, String queue) {}

  /** The parsed state, or null for a custom state. */
  public TaskState state() {
    return TaskState.parse(status);
  }
}
