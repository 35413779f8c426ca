package io.jcelery.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.protocol.ContentDisallowedException;
import io.jcelery.protocol.ProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptContentTest {

  @Test
  void defaultAcceptsOnlyJson() {
    assertThat(AcceptContent.DEFAULT.contentTypes()).containsExactly("application/json");
    assertThat(AcceptContent.DEFAULT.allows("application/json")).isTrue();
    assertThat(AcceptContent.DEFAULT.allows("application/x-msgpack")).isFalse();
  }

  @Test
  void mapsSerializerNamesToContentTypes() {
    AcceptContent accept = AcceptContent.of(List.of("json", "msgpack", "yaml", "pickle"));
    assertThat(accept.contentTypes())
        .containsExactly(
            "application/json",
            "application/x-msgpack",
            "application/x-yaml",
            "application/x-python-serialize");
  }

  @Test
  void keepsContentTypesAsGiven() {
    assertThat(AcceptContent.of("application/x-yaml").allows("application/x-yaml")).isTrue();
  }

  @Test
  void alwaysTrustsRawContent() {
    assertThat(AcceptContent.DEFAULT.allows(null)).isTrue();
    assertThat(AcceptContent.DEFAULT.allows("application/data")).isTrue();
    assertThat(AcceptContent.DEFAULT.allows("application/text")).isTrue();
  }

  @Test
  void rejectsDisallowedContentTypeWithKombusWording() {
    assertThatThrownBy(() -> AcceptContent.DEFAULT.check("application/x-msgpack"))
        .isInstanceOf(ContentDisallowedException.class)
        .hasMessage(
            "Refusing to deserialize untrusted content of type msgpack (application/x-msgpack)");
    assertThatThrownBy(() -> AcceptContent.DEFAULT.check("text/html"))
        .isInstanceOf(ContentDisallowedException.class)
        .hasMessage("Refusing to deserialize untrusted content of type text/html (text/html)");
  }

  @Test
  void checkPassesAllowedTypes() {
    AcceptContent.of("json").check("application/json");
    assertThat(AcceptContent.of("json").allows("application/json")).isTrue();
  }

  @Test
  void rejectsUnknownSerializerName() {
    assertThatThrownBy(() -> AcceptContent.of("bson"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("No encoder/decoder installed for bson");
  }
}
