package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import io.jcelery.transport.TransportException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AmqpFieldValuesTest {

  @Test
  void longStringsBecomeTextAndInvalidUtf8StaysBytes() {
    LongString text = LongStringHelper.asLongString("h\u00e9llo \uD83D\uDE00");
    byte[] latin1 = {(byte) 0xe9, 'x'};

    assertThat(AmqpFieldValues.toJava(text)).isEqualTo("h\u00e9llo \uD83D\uDE00");
    assertThat(AmqpFieldValues.toJava(LongStringHelper.asLongString(latin1))).isEqualTo(latin1);
  }

  @Test
  void readsNumbersBooleansAndVoidAsPlainValues() {
    assertThat(AmqpFieldValues.toJava(7)).isEqualTo(7);
    assertThat(AmqpFieldValues.toJava(1L << 40)).isEqualTo(1L << 40);
    assertThat(AmqpFieldValues.toJava((byte) 3)).isEqualTo(3);
    assertThat(AmqpFieldValues.toJava((short) -4)).isEqualTo(-4);
    assertThat(AmqpFieldValues.toJava(1.5f)).isEqualTo(1.5d);
    assertThat(AmqpFieldValues.toJava(20.5d)).isEqualTo(20.5d);
    assertThat(AmqpFieldValues.toJava(true)).isEqualTo(true);
    assertThat(AmqpFieldValues.toJava(null)).isNull();
    assertThat(AmqpFieldValues.toJava(new BigDecimal("1.25"))).isEqualTo(new BigDecimal("1.25"));
    assertThat(AmqpFieldValues.toJava(new Date(1_700_000_000_000L)))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void convertsNestedTablesAndArraysDeeply() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("s", LongStringHelper.asLongString("x"));
    inner.put("v", null);
    List<Object> array = Arrays.asList(null, 30, LongStringHelper.asLongString("y"), inner);
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("timelimit", array);

    Map<String, Object> headers = AmqpFieldValues.headersToJava(table);

    Map<String, Object> expectedInner = new LinkedHashMap<>();
    expectedInner.put("s", "x");
    expectedInner.put("v", null);
    assertThat(headers).containsOnlyKeys("timelimit");
    assertThat(headers.get("timelimit")).isEqualTo(Arrays.asList(null, 30, "y", expectedInner));
    assertThat(AmqpFieldValues.headersToJava(null)).isEmpty();
  }

  @Test
  void writesIntegersAsPyAmqpDoesThirtyTwoBitsWhenTheyFit() {
    assertThat(AmqpFieldValues.toAmqp("h", 5L)).isEqualTo(5);
    assertThat(AmqpFieldValues.toAmqp("h", (short) 5)).isEqualTo(5);
    assertThat(AmqpFieldValues.toAmqp("h", -2147483647L)).isEqualTo(-2147483647);
    assertThat(AmqpFieldValues.toAmqp("h", 2147483648L)).isEqualTo(2147483648L);
    assertThat(AmqpFieldValues.toAmqp("h", -2147483648)).isEqualTo(-2147483648L);
    assertThat(AmqpFieldValues.toAmqp("h", BigInteger.TEN)).isEqualTo(10);
    assertThatThrownBy(() -> AmqpFieldValues.toAmqp("big", BigInteger.ONE.shiftLeft(70)))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("big");
  }

  @Test
  void writesOtherJavaValuesAsTheirAmqpCounterparts() {
    assertThat(AmqpFieldValues.toAmqp("h", 1.5f)).isEqualTo(1.5d);
    assertThat(AmqpFieldValues.toAmqp("h", new StringBuilder("sb"))).isEqualTo("sb");
    assertThat(AmqpFieldValues.toAmqp("h", 'c')).isEqualTo("c");
    assertThat(AmqpFieldValues.toAmqp("h", Instant.ofEpochSecond(5)))
        .isEqualTo(new Date(5000));
    Object bytes = AmqpFieldValues.toAmqp("h", "raw".getBytes(StandardCharsets.UTF_8));
    assertThat(bytes).isInstanceOf(LongString.class);
    assertThat(bytes.toString()).isEqualTo("raw");
    assertThat(AmqpFieldValues.toAmqp("h", new Object[] {1L, null, List.of(2L)}))
        .isEqualTo(Arrays.asList(1, null, List.of(2)));
    assertThat(AmqpFieldValues.toAmqp("h", Map.of(1, 2L))).isEqualTo(Map.of("1", 2));
  }

  @Test
  void writesAnEmptyTableForNoHeadersAsKombuDoes() {
    assertThat(AmqpFieldValues.headersToAmqp(Map.of())).isEmpty();
    assertThat(AmqpFieldValues.headersToAmqp(null)).isNotNull().isEmpty();
  }

  @Test
  void rejectsValuesWithoutFieldTypeNamingTheHeader() {
    assertThatThrownBy(() -> AmqpFieldValues.headersToAmqp(Map.of("custom", UUID.randomUUID())))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("'custom'")
        .hasMessageContaining("java.util.UUID");
  }

  @Test
  void roundTripsEveryPlainValue() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("s", "text");
    headers.put("i", 3);
    headers.put("l", 1L << 40);
    headers.put("d", 2.5);
    headers.put("b", false);
    headers.put("n", null);
    headers.put("a", Arrays.asList(1, null, "x"));
    headers.put("m", Map.of("k", List.of(true)));

    Map<String, Object> sent = AmqpFieldValues.headersToAmqp(headers);

    assertThat(AmqpFieldValues.headersToJava(sent)).isEqualTo(headers);
  }
}
