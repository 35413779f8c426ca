package io.jcelery.transport.amqp;

import com.rabbitmq.client.Address;
import io.jcelery.transport.BrokerUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A broker URL, or a failover list of them, as kombu's {@code Connection} reads it for py-amqp:
 * {@code amqp://[user[:password]@]host[:port][/vhost][?heartbeat=..&connect_timeout=..]}, several
 * separated by {@code ;}. Each further entry is a whole URL or just {@code host[:port]}; kombu
 * switches to them in order when a connection fails ({@code kombu/connection.py}, {@code alt},
 * {@code switch}).
 *
 * <p>Defaults as {@code pyamqp.Transport.default_connection_params}: user and password {@code
 * guest}, port 5672 (5671 for {@code amqps}), host {@code localhost} (connected as 127.0.0.1, as
 * kombu does), vhost {@code /} for an empty path. The vhost is URL-decoded: {@code
 * amqp://h/%2F} and {@code amqp://h//} both name {@code /}.
 *
 * @param tls {@code amqps}
 * @param user user name
 * @param password password
 * @param virtualHost vhost
 * @param addresses brokers to try, in order
 * @param query query parameters of the first URL
 * @param masked the URL list with passwords masked, for logs
 */
record AmqpUrls(
    boolean tls,
    String user,
    String password,
    String virtualHost,
    List<Address> addresses,
    Map<String, String> query,
    String masked) {

  static final Set<String> SCHEMES = Set.of("amqp", "amqps", "pyamqp");
  static final int DEFAULT_PORT = 5672;
  static final int DEFAULT_TLS_PORT = 5671;
  static final String DEFAULT_USER = "guest";
  static final String DEFAULT_PASSWORD = "guest";
  static final String DEFAULT_VIRTUAL_HOST = "/";

  AmqpUrls {
    addresses = List.copyOf(addresses);
    query = Map.copyOf(query);
  }

  /**
   * Reads {@link BrokerUrl#raw()}, which may be a failover list.
   *
   * @throws IllegalArgumentException for a scheme that is not AMQP, or failover URLs that differ
   *     in TLS, user, password or vhost (one connection factory serves them all)
   */
  static AmqpUrls parse(BrokerUrl url) {
    String[] entries = url.raw().split(";");
    BrokerUrl first = BrokerUrl.parse(entries[0].trim());
    if (!SCHEMES.contains(first.scheme())) {
      throw new IllegalArgumentException("Not an AMQP URL: " + url);
    }
    boolean tls = first.scheme().equals("amqps");
    int defaultPort = tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
    String user = orDefault(first.user(), DEFAULT_USER);
    String password = orDefault(first.password(), DEFAULT_PASSWORD);
    String vhost = orDefault(first.path(), DEFAULT_VIRTUAL_HOST);
    List<Address> addresses = new ArrayList<>();
    addresses.add(address(first.host(), first.portOr(defaultPort)));
    for (int i = 1; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      if (!entry.contains("://")) {
        addresses.add(hostAndPort(entry, first.portOr(defaultPort)));
        continue;
      }
      BrokerUrl alternate = BrokerUrl.parse(entry);
      boolean sameTls = alternate.scheme().equals("amqps") == tls;
      if (!SCHEMES.contains(alternate.scheme())
          || !sameTls
          || !user.equals(orDefault(alternate.user(), DEFAULT_USER))
          || !password.equals(orDefault(alternate.password(), DEFAULT_PASSWORD))
          || !vhost.equals(orDefault(alternate.path(), DEFAULT_VIRTUAL_HOST))) {
        throw new IllegalArgumentException(
            "Failover URLs must share scheme, user, password and virtual host: " + url);
      }
      addresses.add(address(alternate.host(), alternate.portOr(defaultPort)));
    }
    return new AmqpUrls(tls, user, password, vhost, addresses, first.query(), url.toString());
  }

  /** {@code ssl_cert_reqs=CERT_NONE} (or {@code none}) turns certificate checks off. */
  boolean verifyCertificates() {
    String reqs = query.get("ssl_cert_reqs");
    return reqs == null || !reqs.toLowerCase(Locale.ROOT).replace("cert_", "").equals("none");
  }

  @Override
  public String toString() {
    return masked;
  }

  private static Address hostAndPort(String entry, int defaultPort) {
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(']') < colon && entry.substring(colon + 1).matches("\\d+")) {
      return address(entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1)));
    }
    return address(entry, defaultPort);
  }

  private static Address address(String host, int port) {
    String h = host == null || host.isEmpty() ? "localhost" : host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    // pyamqp.Transport.establish_connection: "localhost" may resolve to ::1 first.
    if (h.equals("localhost")) {
      h = "127.0.0.1";
    }
    return new Address(h, port);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : Objects.requireNonNull(value);
  }
}
