package io.jcelery.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.DeliveryInfo;
import io.jcelery.worker.RecordingSettlement;
import io.jcelery.worker.RecordingSettlement.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskDecoderTest {

  private final TaskDecoder decoder =
      new TaskDecoder(
          new TaskMessageCodec(AcceptContent.DEFAULT),
          ZoneId.of("America/New_York"),
          "celery@test",
          "tasks.add"::equals);

  private static Delivery delivery(
      String contentType, String body, Map<String, Object> headers, RecordingSettlement s) {
    TaskMessage message =
        new TaskMessage(
            contentType,
            "utf-8",
            headers,
            MessageProperties.forTask("id-1", "reply"),
            body.getBytes(StandardCharsets.UTF_8));
    return new Delivery(message, new DeliveryInfo("", "celery", "celery", false, 0), s);
  }

  private static Map<String, Object> headers(String task) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "py");
    headers.put("task", task);
    headers.put("id", "id-1");
    headers.put("root_id", "id-1");
    return headers;
  }

  @Test
  void decodesATaskAndReadsEtaInTheAppTimezone() {
    Map<String, Object> headers = headers("tasks.add");
    headers.put("eta", "2024-05-06T10:11:12.000001");
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request =
        decoder.decode(delivery("application/json", "[[1, 2], {}, null]", headers, settlement));
    assertThat(request.args().toString()).isEqualTo("[1,2]");
    assertThat(request.eta().toInstant())
        .isEqualTo(java.time.LocalDateTime.of(2024, 5, 6, 10, 11, 12, 1000).toInstant(ZoneOffset.UTC));
    assertThat(request.eta().getOffset()).isEqualTo(ZoneOffset.ofHours(-4));
    assertThat(settlement.isSettled()).isFalse();
  }

  @Test
  void unregisteredTasksSkipBodyDecodingLikeCelery() {
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request =
        decoder.decode(
            delivery("application/x-python-serialize", "junk", headers("tasks.other"), settlement));
    assertThat(request).isNotNull();
    assertThat(request.taskName()).isEqualTo("tasks.other");
    assertThat(settlement.isSettled()).isFalse();
  }

  @Test
  void disallowedContentIsRejectedButADisallowedProtocolOneMessageIsAcked() {
    RecordingSettlement v2 = new RecordingSettlement();
    assertThat(decoder.decode(delivery("application/x-yaml", "[]", headers("tasks.add"), v2)))
        .isNull();
    assertThat(v2.outcome()).isEqualTo(Outcome.REJECTED);

    RecordingSettlement v1 = new RecordingSettlement();
    assertThat(decoder.decode(delivery("application/x-yaml", "task: tasks.add", Map.of(), v1)))
        .isNull();
    assertThat(v1.outcome()).isEqualTo(Outcome.ACKED);
  }

  @Test
  void undecodableBodyIsAckedAndInvalidShapesAreRejected() {
    RecordingSettlement broken = new RecordingSettlement();
    assertThat(decoder.decode(delivery("application/json", "[[1", headers("tasks.add"), broken)))
        .isNull();
    assertThat(broken.outcome()).isEqualTo(Outcome.ACKED);

    RecordingSettlement invalid = new RecordingSettlement();
    assertThat(
            decoder.decode(
                delivery("application/json", "[\"not args\", {}, null]", headers("tasks.add"), invalid)))
        .isNull();
    assertThat(invalid.outcome()).isEqualTo(Outcome.REJECTED);
  }
}
