package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Address;
import io.jcelery.transport.BrokerUrl;
import org.junit.jupiter.api.Test;

class AmqpUrlsTest {

  private static AmqpUrls parse(String url) {
    return AmqpUrls.parse(BrokerUrl.parse(url));
  }

  @Test
  void readsUserPasswordHostPortAndVhost() {
    AmqpUrls urls = parse("amqp://alice:s3cret@broker.example:5673/tasks");

    assertThat(urls.user()).isEqualTo("alice");
    assertThat(urls.password()).isEqualTo("s3cret");
    assertThat(urls.virtualHost()).isEqualTo("tasks");
    assertThat(urls.addresses()).containsExactly(new Address("broker.example", 5673));
    assertThat(urls.tls()).isFalse();
  }

  @Test
  void defaultsAreKombusGuestAtLocalhostOnVhostSlash() {
    AmqpUrls urls = parse("amqp://");

    assertThat(urls.user()).isEqualTo("guest");
    assertThat(urls.password()).isEqualTo("guest");
    assertThat(urls.virtualHost()).isEqualTo("/");
    assertThat(urls.addresses()).containsExactly(new Address("127.0.0.1", 5672));
  }

  @Test
  void emptyPathDoubleSlashAndEncodedSlashAllNameVhostSlash() {
    assertThat(parse("amqp://h/").virtualHost()).isEqualTo("/");
    assertThat(parse("amqp://guest:guest@127.0.0.1:5672//").virtualHost()).isEqualTo("/");
    assertThat(parse("amqp://h/%2F").virtualHost()).isEqualTo("/");
    assertThat(parse("amqp://h/%2Fprod").virtualHost()).isEqualTo("/prod");
    assertThat(parse("amqp://h/my%20vhost").virtualHost()).isEqualTo("my vhost");
  }

  @Test
  void decodesUserinfoAsPythonUnquoteKeepingPlus() {
    AmqpUrls urls = parse("amqp://us%40er:pa%3Ass+word@h/v+1");

    assertThat(urls.user()).isEqualTo("us@er");
    assertThat(urls.password()).isEqualTo("pa:ss+word");
    assertThat(urls.virtualHost()).isEqualTo("v+1");
  }

  @Test
  void pyamqpIsAmqpAndAmqpsUsesTlsPort() {
    assertThat(parse("pyamqp://h").addresses()).containsExactly(new Address("h", 5672));
    AmqpUrls tls = parse("amqps://h");
    assertThat(tls.tls()).isTrue();
    assertThat(tls.addresses()).containsExactly(new Address("h", 5671));
    assertThat(tls.verifyCertificates()).isTrue();
    assertThat(parse("amqps://h?ssl_cert_reqs=CERT_NONE").verifyCertificates()).isFalse();
  }

  @Test
  void readsFailoverListsOfUrlsAndOfHostsInOrder() {
    AmqpUrls urls = parse("amqp://u:p@a:5672/v;amqp://u:p@b:5673/v;c;d:5680");

    assertThat(urls.addresses())
        .containsExactly(
            new Address("a", 5672), new Address("b", 5673), new Address("c", 5672),
            new Address("d", 5680));
    assertThat(urls.user()).isEqualTo("u");
    assertThat(urls.virtualHost()).isEqualTo("v");
  }

  @Test
  void failoverWithoutCredentialsUsesGuestForEach() {
    assertThat(parse("amqp://a;amqp://b").addresses())
        .containsExactly(new Address("a", 5672), new Address("b", 5672));
  }

  @Test
  void rejectsFailoverUrlsWithOtherCredentialsOrVhost() {
    assertThatThrownBy(() -> parse("amqp://u:p@a//;amqp://u:q@b//"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("p@")
        .hasMessageContaining("**");
    assertThatThrownBy(() -> parse("amqp://a/x;amqp://b/y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("amqp://a;amqps://b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void masksEveryPassword() {
    AmqpUrls urls = parse("amqp://u:topsecret@a:5672//;amqp://u:topsecret@b:5672//");

    assertThat(urls.toString())
        .doesNotContain("topsecret")
        .isEqualTo("amqp://u:**@a:5672//;amqp://u:**@b:5672//");
  }

  @Test
  void keepsTheQueryOfTheFirstUrl() {
    AmqpUrls urls = parse("amqp://h//?heartbeat=30&connect_timeout=2.5");

    assertThat(urls.query())
        .containsEntry("heartbeat", "30")
        .containsEntry("connect_timeout", "2.5");
  }

  @Test
  void localhostIsConnectedAsIpv4LoopbackAndIpv6LiteralsLoseBrackets() {
    assertThat(parse("amqp://localhost").addresses())
        .containsExactly(new Address("127.0.0.1", 5672));
    assertThat(parse("amqp://[::1]:5673").addresses())
        .containsExactly(new Address("::1", 5673));
  }
}
