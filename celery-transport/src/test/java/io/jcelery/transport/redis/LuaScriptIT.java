package io.jcelery.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScriptOutputType;
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
        script.<String>runAsync(
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
        script.<String>runAsync(
                server.connection().async(), ScriptOutputType.VALUE, new String[0])
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);

    assertThat(result).startsWith("c");
  }
}
