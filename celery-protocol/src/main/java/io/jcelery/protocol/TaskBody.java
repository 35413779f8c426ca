package io.jcelery.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a protocol-2 task message, {@code [args, kwargs, embed]}, decoded once into Jackson
 * trees. Treat the trees as read-only.
 *
 * @since 0.1
 */
public record TaskBody(ArrayNode args, ObjectNode kwargs, Embed embed) {

  public TaskBody {
    args = args == null ? JsonNodeFactory.instance.arrayNode() : args;
    kwargs = kwargs == null ? JsonNodeFactory.instance.objectNode() : kwargs;
    embed = embed == null ? Embed.EMPTY : embed;
  }
}
