package io.jcelery.worker.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.codec.ValueTree;
import io.jcelery.worker.TaskContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a message's args and kwargs to a method's parameters with Python's call rules: positional
 * arguments fill the parameters in order, keyword arguments match parameter names, and each value
 * is converted once to the declared generic type through {@link ValueTree}. A {@link TaskContext}
 * parameter receives the request and takes no argument; an {@link Optional} parameter may be left
 * out. The parameter table is built once per method; binding itself does no reflection.
 */
final class ArgumentBinder {

  private static final int MAX_VALUE_TEXT = 80;

  private final String function;
  private final Slot[] slots;
  private final int valueSlots;

  /** One parameter: its name, its declared type, and whether it is the context. */
  private record Slot(String name, Type type, boolean context, boolean optional, Type inner) {}

  ArgumentBinder(Method method) {
    this.function = method.getName();
    Parameter[] parameters = method.getParameters();
    this.slots = new Slot[parameters.length];
    int values = 0;
    for (int i = 0; i < parameters.length; i++) {
      Parameter p = parameters[i];
      if (!p.isNamePresent()) {
        throw new IllegalArgumentException(
            method.getDeclaringClass().getName()
                + "."
                + method.getName()
                + ": parameter names are missing; compile the task classes with -parameters");
      }
      boolean context = p.getType() == TaskContext.class;
      Type type = p.getParameterizedType();
      boolean optional = p.getType() == Optional.class;
      Type inner = optional ? optionalElement(type) : type;
      slots[i] = new Slot(p.getName(), type, context, optional, inner);
      if (!context) {
        values++;
      }
    }
    this.valueSlots = values;
  }

  /**
   * The method's arguments for this call.
   *
   * @throws ArgumentBindingException when the arguments do not fit, as Python's TypeError
   */
  Object[] bind(TaskContext context, ArrayNode args, ObjectNode kwargs) {
    if (args.size() > valueSlots) {
      throw new ArgumentBindingException(
          function
              + "() takes "
              + valueSlots
              + " positional argument"
              + (valueSlots == 1 ? "" : "s")
              + " but "
              + args.size()
              + (args.size() == 1 ? " was" : " were")
              + " given");
    }
    Object[] bound = new Object[slots.length];
    JsonNode[] given = new JsonNode[slots.length];
    int position = 0;
    for (int i = 0; i < slots.length; i++) {
      if (!slots[i].context && position < args.size()) {
        given[i] = args.get(position++);
      }
    }
    if (!kwargs.isEmpty()) {
      Iterator<Map.Entry<String, JsonNode>> fields = kwargs.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        int index = indexOf(field.getKey());
        if (index < 0) {
          throw new ArgumentBindingException(
              function + "() got an unexpected keyword argument '" + field.getKey() + "'");
        }
        if (given[index] != null) {
          throw new ArgumentBindingException(
              function + "() got multiple values for argument '" + field.getKey() + "'");
        }
        given[index] = field.getValue();
      }
    }
    List<String> missing = null;
    for (int i = 0; i < slots.length; i++) {
      Slot slot = slots[i];
      if (slot.context) {
        bound[i] = context;
      } else if (given[i] == null) {
        if (slot.optional) {
          bound[i] = Optional.empty();
        } else {
          if (missing == null) {
            missing = new ArrayList<>();
          }
          missing.add("'" + slot.name + "'");
        }
      } else {
        bound[i] = convert(slot, given[i]);
      }
    }
    if (missing != null) {
      throw new ArgumentBindingException(
          function
              + "() missing "
              + missing.size()
              + " required positional argument"
              + (missing.size() == 1 ? "" : "s")
              + ": "
              + joinPython(missing));
    }
    return bound;
  }

  private int indexOf(String name) {
    for (int i = 0; i < slots.length; i++) {
      if (!slots[i].context && slots[i].name.equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private Object convert(Slot slot, JsonNode value) {
    Type target = slot.inner;
    if (value.isNull()) {
      if (slot.optional) {
        return Optional.empty();
      }
      if (target instanceof Class<?> c && c.isPrimitive()) {
        throw new ArgumentBindingException(
            function
                + "() argument '"
                + slot.name
                + "' is None, which "
                + c.getName()
                + " cannot hold");
      }
      return null;
    }
    Object converted;
    try {
      converted = ValueTree.fromTree(value, target);
    } catch (RuntimeException e) {
      throw new ArgumentBindingException(
          function
              + "() argument '"
              + slot.name
              + "': cannot convert "
              + shortText(value)
              + " to "
              + target.getTypeName(),
          e);
    }
    return slot.optional ? Optional.ofNullable(converted) : converted;
  }

  private static Type optionalElement(Type type) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[0];
    }
    return Object.class;
  }

  private static String shortText(JsonNode value) {
    String text = value.toString();
    return text.length() <= MAX_VALUE_TEXT ? text : text.substring(0, MAX_VALUE_TEXT) + "...";
  }

  /** Python's way of listing names: 'a'; 'a' and 'b'; 'a', 'b', and 'c'. */
  private static String joinPython(List<String> names) {
    int n = names.size();
    if (n == 1) {
      return names.get(0);
    }
    if (n == 2) {
      return names.get(0) + " and " + names.get(1);
    }
    return String.join(", ", names.subList(0, n - 1)) + ", and " + names.get(n - 1);
  }
}
