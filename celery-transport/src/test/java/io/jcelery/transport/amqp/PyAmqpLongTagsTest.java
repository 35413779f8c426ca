package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQImpl;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyAmqpLongTagsTest {

  /** A content-header payload as py-amqp writes it for these headers (big ints as 'L'). */
  private static byte[] pyAmqpHeaderFrame() throws IOException {
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    DataOutputStream t = new DataOutputStream(table);
    field(t, "big");
    t.writeByte('L');
    t.writeLong(1L << 40);
    field(t, "neg");
    t.writeByte('L');
    t.writeLong(-(1L << 40));
    field(t, "nested");
    ByteArrayOutputStream array = new ByteArrayOutputStream();
    DataOutputStream a = new DataOutputStream(array);
    a.writeByte('S');
    a.writeInt(2);
    a.write("LL".getBytes(StandardCharsets.US_ASCII));
    a.writeByte('L');
    a.writeLong(-(1L << 35));
    a.writeByte('V');
    t.writeByte('A');
    t.writeInt(array.size());
    t.write(array.toByteArray());
    field(t, "small");
    t.writeByte('I');
    t.writeInt(7);

    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    DataOutputStream f = new DataOutputStream(frame);
    f.writeShort(60);
    f.writeShort(0);
    f.writeLong(0);
    f.writeShort(0xe000); // content_type, content_encoding, headers
    f.writeByte(16);
    f.write("application/json".getBytes(StandardCharsets.US_ASCII));
    f.writeByte(5);
    f.write("utf-8".getBytes(StandardCharsets.US_ASCII));
    f.writeInt(table.size());
    f.write(table.toByteArray());
    return frame.toByteArray();
  }

  private static void field(DataOutputStream out, String name) throws IOException {
    out.writeByte(name.length());
    out.write(name.getBytes(StandardCharsets.US_ASCII));
  }

  private static AMQP.BasicProperties parse(byte[] payload) throws IOException {
    return (AMQP.BasicProperties)
        AMQImpl.readContentHeaderFrom(new DataInputStream(new ByteArrayInputStream(payload)));
  }

  @Test
  void makesPyAmqpLongLongIntsReadableByTheJavaClientAsSignedLongs() throws IOException {
    byte[] payload = pyAmqpHeaderFrame();

    boolean replaced =
        PyAmqpLongTags.replace(payload, PyAmqpLongTags.PY_AMQP, PyAmqpLongTags.JAVA_CLIENT);

    assertThat(replaced).isTrue();
    Map<String, Object> headers = AmqpFieldValues.headersToJava(parse(payload).getHeaders());
    assertThat(headers)
        .containsEntry("big", 1L << 40)
        .containsEntry("neg", -(1L << 40))
        .containsEntry("small", 7)
        .containsEntry("nested", Arrays.asList("LL", -(1L << 35), null));
  }

  @Test
  void writesSixtyFourBitIntegersWithPyAmqpsTagSoPythonReadsThemSigned() throws IOException {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("big", 1L << 40);
    headers.put("neg", -(1L << 40));
    headers.put("nested", Arrays.asList("LL", -(1L << 35), null));
    headers.put("small", 7);
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .build();
    byte[] written =
        new OrderedBasicProperties(properties, AmqpFieldValues.headersToAmqp(headers))
            .toFrame(1, 0)
            .getPayload();

    PyAmqpLongTags.replace(written, PyAmqpLongTags.JAVA_CLIENT, PyAmqpLongTags.PY_AMQP);

    assertThat(written).isEqualTo(pyAmqpHeaderFrame());
  }

  @Test
  void leavesFramesWithoutHeadersOrWithUnknownTypesAlone() throws IOException {
    byte[] noHeaders = new AMQP.BasicProperties.Builder().contentType("x").build()
        .toFrame(1, 0).getPayload();
    byte[] copy = noHeaders.clone();

    assertThat(PyAmqpLongTags.replace(noHeaders, (byte) 'L', (byte) 'l')).isFalse();
    assertThat(noHeaders).isEqualTo(copy);
    assertThat(PyAmqpLongTags.replace(new byte[] {0, 60, 0}, (byte) 'L', (byte) 'l')).isFalse();
    assertThat(PyAmqpLongTags.replace(new byte[0], (byte) 'L', (byte) 'l')).isFalse();
  }
}
