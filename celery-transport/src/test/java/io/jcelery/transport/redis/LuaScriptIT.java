package io.jcelery.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LuaScriptIT {

  private final RedisTestServer server = new RedisTestServer();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void loadsAScriptTheServerDoesNotKnow() throws Exception {
    String marker = UUID.randomUUID().toString();
    LuaScript script = LuaScript.of("test", "return ARGV[1] .. '" + marker + "'");

    String sync = script.run(server.redis(), ScriptOutputType.VALUE, new String[0], "a");
    String async =
        script.<String, String, String>runAsync(
                server.connection().async(), ScriptOutputType.VALUE, new String[0], "b")
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);

    assertThat(sync).isEqualTo("a" + marker);
    assertThat(async).isEqualTo("b" + marker);
  }

  @Test
  void asyncRunLoadsAnUnknownScriptToo() throws Exception {
    LuaScript script = LuaScript.of("test", "return 'c" + UUID.randomUUID() + "'");

    String result =
        script.<String, String, String>runAsync(
                server.connection().async(), ScriptOutputType.VALUE, new String[0])
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);

    assertThat(result).startsWith("c");
  }

  /** Runs fetch.lua on one list and returns the delivery tags it tracked, in order. */
  private List<String> fetchAll(String list, String unacked, String index) {
    List<Object> taken =
        LuaScript.FETCH.run(
            server.redis(), ScriptOutputType.MULTI, new String[] {unacked, index, list}, "10",
            "1700000000.000001", "1", "1", "0");
    return java.util.stream.IntStream.range(0, taken.size() / 3)
        .mapToObj(i -> (String) taken.get(i * 3 + 2))
        .toList();
  }

  @Test
  void fetchTracksEveryEnvelopeShapeWhetherOrNotItsBodyComesFirstAsKombuWritesIt() {
    RedisCommands<String, String> redis = server.redis();
    String list = "fetch-" + UUID.randomUUID();
    String unacked = list + ".unacked";
    String index = list + ".index";
    String props = "\"properties\": {\"delivery_info\": {\"exchange\": \"ex\", "
        + "\"routing_key\": \"rk\"}, \"body_encoding\": \"base64\", \"delivery_tag\": \"";
    List<String> envelopes =
        List.of(
            // as kombu writes it: a base64 body first, skipped unparsed
            "{\"body\": \"" + "QUJD".repeat(30_000) + "\", \"content-type\": \"application/json\", "
                + "\"headers\": {\"argsrepr\": \"('a\\\\b',)\"}, " + props + "t1\"}}",
            // the body is not first
            "{\"headers\": {}, " + props + "t2\"}, \"body\": \"QUJD\"}",
            // a body with an escaped quote is decoded whole
            "{\"body\": \"a\\\"b\", " + props + "t3\"}}",
            // a body and nothing else: no tag
            "{\"body\": \"QUJD\"}");
    for (String envelope : envelopes) {
      redis.lpush(list, envelope);
    }

    List<String> tags = fetchAll(list, unacked, index);

    assertThat(tags).containsExactly("t1", "t2", "t3", "");
    for (int i = 0; i < 3; i++) {
      assertThat(redis.hget(unacked, tags.get(i)))
          .isEqualTo("[" + envelopes.get(i) + ", \"ex\", \"rk\"]");
      assertThat(redis.zscore(index, tags.get(i))).isEqualTo(1700000000.000001);
    }
    assertThat(redis.hlen(unacked)).isEqualTo(3);
    redis.del(list, unacked, index);
  }
}
