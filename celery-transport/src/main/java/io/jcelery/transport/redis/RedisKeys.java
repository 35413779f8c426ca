package io.jcelery.transport.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * Every key and channel name the transport touches, as kombu 5.2.4 names them, with {@code
 * global_keyprefix} applied ({@code PrefixedStrictRedis}). Immutable.
 */
final class RedisKeys {

  private static final int MIN_PRIORITY = 0;
  private static final int MAX_PRIORITY = 9;

  private final String prefix;
  private final String sep;
  private final List<Integer> steps;
  private final String fanoutPrefix;

  RedisKeys(RedisTransportOptions options, int db) {
    this.prefix = options.globalKeyprefix();
    this.sep = options.sep();
    this.steps = options.prioritySteps();
    this.fanoutPrefix = options.fanoutPrefix().replace("{db}", Integer.toString(db));
  }

  String sep() {
    return sep;
  }

  List<Integer> steps() {
    return steps;
  }

  /**
   * The list holding messages of {@code queue} with a priority in the bucket of {@code step}
   * ({@code Channel._q_for_pri}): the queue name for step 0, else {@code queue + sep + step}.
   */
  String queue(String queue, int step) {
    return step == 0 ? prefix + queue : prefix + queue + sep + step;
  }

  /** Every priority list of a queue, in step order. */
  List<String> queueLists(String queue) {
    List<String> keys = new ArrayList<>(steps.size());
    for (int step : steps) {
      keys.add(queue(queue, step));
    }
    return keys;
  }

  /**
   * The bucket of a message priority (virtual {@code _get_message_priority} clamps to 0..9, then
   * {@code Channel.priority} takes the largest step not above it, Python's {@code steps[-1]} when
   * none is).
   */
  int stepFor(Integer priority) {
    int p = priority == null ? 0 : Math.max(MIN_PRIORITY, Math.min(MAX_PRIORITY, priority));
    int chosen = steps.get(steps.size() - 1);
    for (int step : steps) {
      if (step <= p) {
        chosen = step;
      } else {
        break;
      }
    }
    return chosen;
  }

  /** The queue a list key belongs to ({@code _brpop_read}: {@code dest.rsplit(sep, 1)[0]}). */
  String queueOfList(String key) {
    String unprefixed = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
    int at = unprefixed.lastIndexOf(sep);
    return at < 0 ? unprefixed : unprefixed.substring(0, at);
  }

  /** {@code _kombu.binding.<exchange>}: the set of an exchange's bindings. */
  String binding(String exchange) {
    return prefix + "_kombu.binding." + exchange;
  }

  String unacked(RedisTransportOptions options) {
    return prefix + options.unackedKey();
  }

  String unackedIndex(RedisTransportOptions options) {
    return prefix + options.unackedIndexKey();
  }

  String unackedMutex(RedisTransportOptions options) {
    return prefix + options.unackedMutexKey();
  }

  /** The PUB/SUB channel of a fanout exchange ({@code Channel._get_publish_topic}). */
  String fanoutChannel(String exchange, String routingKey, boolean patterns) {
    return routingKey != null && !routingKey.isEmpty() && patterns
        ? prefix + fanoutPrefix + exchange + "/" + routingKey
        : prefix + fanoutPrefix + exchange;
  }
}
