package io.jcelery.transport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker or backend URL as kombu parses it ({@code kombu/utils/url.py} {@code url_to_parts}):
 * {@code scheme://[user[:password]@]host[:port][/path][?query]}. Every part but the scheme may be
 * empty, so {@code filesystem://} and {@code memory://} are valid. Immutable.
 *
 * <p>{@link #toString()} masks the password, as Celery's banner does; use {@link #raw()} to get
 * the original text.
 *
 * @param scheme lower-case scheme, e.g. {@code redis}
 * @param user user name or null
 * @param password password or null
 * @param host host or null
 * @param port port or null
 * @param path the path without its leading slash (the Redis db number, the AMQP vhost), or null
 * @param query decoded query parameters, in order; never null
 * @param raw the URL as given
 * @since 0.1
 */
public record BrokerUrl(
    String scheme,
    String user,
    String password,
    String host,
    Integer port,
    String path,
    Map<String, String> query,
    String raw) {

  private static final Pattern URL =
      Pattern.compile(
          "^(?<scheme>[A-Za-z][A-Za-z0-9+.\\-]*)://"
              + "(?:(?<userinfo>[^@/?]*)@)?"
              + "(?<host>\\[[^\\]]*\\]|[^:/?]*)"
              + "(?::(?<port>\\d*))?"
              + "(?:/(?<path>[^?]*))?"
              + "(?:\\?(?<query>.*))?$");

  public BrokerUrl {
    query = query == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(query));
  }

  /**
   * Parses a URL. A failover list ({@code amqp://a;amqp://b}, which kombu's {@code Connection}
   * splits at every {@code ;}) gives the parts of its first URL; {@link #raw()} keeps the whole
   * list for the transports that fail over.
   *
   * @throws IllegalArgumentException when the text is not {@code scheme://...}
   */
  public static BrokerUrl parse(String url) {
    if (url == null) {
      throw new IllegalArgumentException("URL is null");
    }
    String first = url.trim();
    int separator = first.indexOf(';');
    Matcher m = URL.matcher(separator < 0 ? first : first.substring(0, separator));
    if (!m.matches()) {
      throw new IllegalArgumentException("Not a URL of the form scheme://...: " + mask(url));
    }
    String user = null;
    String password = null;
    String userinfo = m.group("userinfo");
    if (userinfo != null) {
      int colon = userinfo.indexOf(':');
      user = decode(colon < 0 ? userinfo : userinfo.substring(0, colon));
      password = colon < 0 ? null : decode(userinfo.substring(colon + 1));
      user = user.isEmpty() ? null : user;
    }
    String host = emptyToNull(m.group("host"));
    String port = emptyToNull(m.group("port"));
    Map<String, String> query = new LinkedHashMap<>();
    String q = m.group("query");
    if (q != null && !q.isEmpty()) {
      for (String pair : q.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        query.put(
            decodeQuery(eq < 0 ? pair : pair.substring(0, eq)),
            eq < 0 ? "" : decodeQuery(pair.substring(eq + 1)));
      }
    }
    return new BrokerUrl(
        m.group("scheme").toLowerCase(java.util.Locale.ROOT),
        user,
        password,
        host,
        port == null ? null : Integer.valueOf(port),
        emptyToNull(m.group("path")) == null ? null : decode(m.group("path")),
        query,
        url.trim());
  }

  /** The host, or {@code defaultHost} when the URL names none. */
  public String hostOr(String defaultHost) {
    return host != null ? host : defaultHost;
  }

  /** The port, or {@code defaultPort} when the URL names none. */
  public int portOr(int defaultPort) {
    return port != null ? port : defaultPort;
  }

  /** The URL with its password replaced by {@code **}, as Celery prints it. */
  @Override
  public String toString() {
    return mask(raw);
  }

  /** Masks the password of any {@code scheme://user:password@host} text. */
  public static String mask(String url) {
    return url == null ? null : url.replaceAll("(://[^:/@]*:)[^@/]*@", "$1**@");
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Python's {@code unquote}: %-escapes only, a {@code +} stays a plus (it is not a query). */
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** {@code parse_qsl}: query values also decode {@code +} as a space. */
  private static String decodeQuery(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
