package io.jcelery.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.protocol.ContentDisallowedException;
import io.jcelery.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class BodyCodecsTest {

  @Test
  void namesContentTypesAndEncodingsAsKombu() {
    assertThat(BodyCodecs.json().name()).isEqualTo("json");
    assertThat(BodyCodecs.json().contentType()).isEqualTo("application/json");
    assertThat(BodyCodecs.json().contentEncoding()).isEqualTo("utf-8");
    assertThat(BodyCodecs.msgpack().contentType()).isEqualTo("application/x-msgpack");
    assertThat(BodyCodecs.msgpack().contentEncoding()).isEqualTo("binary");
    assertThat(BodyCodecs.yaml().contentType()).isEqualTo("application/x-yaml");
    assertThat(BodyCodecs.yaml().contentEncoding()).isEqualTo("utf-8");
  }

  @Test
  void findsCodecsByNameAndContentType() {
    for (BodyCodec codec : BodyCodecs.all()) {
      assertThat(BodyCodecs.byName(codec.name())).isSameAs(codec);
      assertThat(BodyCodecs.byContentType(codec.contentType())).isSameAs(codec);
    }
  }

  @Test
  void refusesPickle() {
    assertThatThrownBy(() -> BodyCodecs.byContentType("application/x-python-serialize"))
        .isInstanceOf(ContentDisallowedException.class)
        .hasMessage("pickle is not supported by jcelery");
    assertThatThrownBy(() -> BodyCodecs.byName("pickle"))
        .isInstanceOf(ContentDisallowedException.class)
        .hasMessage("pickle is not supported by jcelery");
  }

  @Test
  void rejectsUnknownSerializers() {
    assertThatThrownBy(() -> BodyCodecs.byName("bson"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessageContaining("bson");
    assertThatThrownBy(() -> BodyCodecs.byContentType("application/bson"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessageContaining("application/bson");
  }
}
