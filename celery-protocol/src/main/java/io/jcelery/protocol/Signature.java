package io.jcelery.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Celery signature as it travels inside messages ({@code celery/canvas.py} {@code Signature}): a
 * dict with exactly the keys task, args, kwargs, options, subtask_type and immutable. Composite
 * signatures use the task names {@code celery.chain}, {@code celery.group} and {@code celery.chord}
 * with their parts in kwargs.
 *
 * <p>The parts are Jackson trees (the neutral decoded form shared by every serializer). Treat them
 * as read-only.
 *
 * @param task task name
 * @param args positional arguments, never null
 * @param kwargs keyword arguments, never null
 * @param options apply_async options (task_id, queue, link, ...), never null
 * @param subtaskType null for a plain task, else "chain", "group" or "chord"
 * @param immutable the parent's result is not prepended to args
 * @since 0.1
 */
public record Signature(
    String task,
    ArrayNode args,
    ObjectNode kwargs,
    ObjectNode options,
    String subtaskType,
    boolean immutable) {

  public Signature {
    args = args == null ? JsonNodeFactory.instance.arrayNode() : args;
    kwargs = kwargs == null ? JsonNodeFactory.instance.objectNode() : kwargs;
    options = options == null ? JsonNodeFactory.instance.objectNode() : options;
  }
}
