package io.jcelery.transport.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.TransportException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeTypeTest {

  @Test
  void topicPatternIsKombusRegexText() {
    // kombu 5.2.4: TopicExchange().key_to_pattern('celery.*.x_y.#')
    assertThat(ExchangeType.keyToPattern("celery.*.x_y.#"))
        .isEqualTo("^celery\\..*?[^\\.]\\.x\\_y\\..*?$");
  }

  @Test
  void topicMatchesStarAsOneWordAndHashAsAnyWords() {
    List<Binding> table =
        List.of(
            ExchangeType.TOPIC.prepareBind("one", "task.*"),
            ExchangeType.TOPIC.prepareBind("any", "task.#"),
            ExchangeType.TOPIC.prepareBind("exact", "task.sent"));

    assertThat(ExchangeType.TOPIC.lookup(table, "task.sent"))
        .containsExactly("one", "any", "exact");
    assertThat(ExchangeType.TOPIC.lookup(table, "task.a.b"))
        .contains("any")
        .doesNotContain("exact");
    assertThat(ExchangeType.TOPIC.lookup(table, "worker.online")).isEmpty();
  }

  @Test
  void directMatchesTheExactKey() {
    List<Binding> table = List.of(new Binding("a", null, "qa"), new Binding("b", null, "qb"));

    assertThat(ExchangeType.DIRECT.lookup(table, "a")).containsExactly("qa");
    assertThat(ExchangeType.FANOUT.lookup(table, "zzz")).containsExactly("qa", "qb");
  }

  @Test
  void bindingMemberIsKombusSetMember() {
    String sep = "\u0006\u0016";
    Binding binding = ExchangeType.DIRECT.prepareBind("celery", "celery");

    assertThat(binding.member(sep)).isEqualTo("celery" + sep + sep + "celery");
    assertThat(Binding.parseMember(binding.member(sep), sep)).isEqualTo(binding);
  }

  @Test
  void anonymousExchangeRoutesToTheQueueNamedByTheKey() {
    ExchangeTable table = new ExchangeTable();
    table.bind(new QueueSpec("q1", "ex", "direct", "k", true, Map.of()));

    assertThat(table.lookup("", "anything")).containsExactly("anything");
    assertThat(table.lookup("ex", "k")).containsExactly("q1");
    assertThat(table.lookup("unknown", "k")).isEmpty();
    assertThatThrownBy(() -> table.declareExchange("ex", ExchangeType.TOPIC))
        .isInstanceOf(TransportException.class);
  }
}
