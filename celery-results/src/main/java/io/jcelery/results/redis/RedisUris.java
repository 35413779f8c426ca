package io.jcelery.results.redis;

import io.jcelery.results.ResultBackendException;
import io.jcelery.transport.BrokerUrl;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a {@code redis://} / {@code rediss://} URL into Lettuce's {@link RedisURI} the way Celery
 * reads it ({@code celery/backends/redis.py} {@code _params_from_url}).
 */
final class RedisUris {

  private static final Set<String> NO_CERT_CHECK = Set.of("none", "cert_none");

  private RedisUris() {}

  static RedisURI from(BrokerUrl url) {
    RedisURI.Builder builder =
        RedisURI.Builder.redis(url.hostOr("localhost"), url.portOr(RedisURI.DEFAULT_REDIS_PORT))
            .withDatabase(database(url));
    if (url.password() != null) {
      if (url.user() != null) {
        builder.withAuthentication(url.user(), url.password().toCharArray());
      } else {
        builder.withPassword(url.password().toCharArray());
      }
    }
    if (url.scheme().equals("rediss")) {
      builder.withSsl(true);
      String certReqs = url.query().get("ssl_cert_reqs");
      if (certReqs != null && NO_CERT_CHECK.contains(certReqs.toLowerCase(Locale.ROOT))) {
        builder.withVerifyPeer(SslVerifyMode.NONE);
      }
    }
    return builder.build();
  }

  /** The path ({@code /1}), else query {@code virtual_host}, else 0; Celery strips slashes. */
  private static int database(BrokerUrl url) {
    String db = url.path() != null ? url.path() : url.query().get("virtual_host");
    if (db == null || db.isBlank()) {
      return 0;
    }
    String trimmed = db.replaceAll("^/+|/+$", "");
    try {
      return trimmed.isEmpty() ? 0 : Integer.parseInt(trimmed);
    } catch (NumberFormatException e) {
      throw new ResultBackendException(
          "The Redis result backend URL " + url + " must name a database number, not '" + db + "'");
    }
  }
}
