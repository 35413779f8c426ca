package io.jcelery.transport.redis;

import io.jcelery.transport.TransportException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script ({@code *.lua} beside the class that uses it), run with EVALSHA and loaded with
 * EVAL when the server does not know it yet. The transport's scripts are the constants here; the
 * Redis result backend loads its own with {@link #load(Class, String)}. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class LuaScript {

  static final LuaScript FETCH = load("fetch.lua");
  static final LuaScript TRACK = load("track.lua");
  static final LuaScript ACK = load("ack.lua");
  static final LuaScript RESTORE = load("restore.lua");
  static final LuaScript PURGE = load("purge.lua");
  static final LuaScript UNLOCK = load("unlock.lua");

  private final String name;
  private final String source;
  private final String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    try {
      this.sha =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-1")
                      .digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A script from source text. */
  static LuaScript of(String name, String source) {
    return new LuaScript(name, source);
  }

  /** Runs the script and waits for its reply. */
  <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys,
      String... args) {
    try {
      return redis.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(source, type, keys, args);
    }
  }

  /** Sends the script without waiting; the stage completes with its reply. */
  @SafeVarargs
  public final <K, V, T> CompletionStage<T> runAsync(
      RedisAsyncCommands<K, V> redis, ScriptOutputType type, K[] keys, V... args) {
    CompletableFuture<T> result = new CompletableFuture<>();
    redis.<T>evalsha(sha, type, keys, args).whenComplete((value, error) -> {
      if (error instanceof RedisNoScriptException) {
        redis.<T>eval(source, type, keys, args).whenComplete((v, e) -> {
          if (e != null) {
            result.completeExceptionally(e);
          } else {
            result.complete(v);
          }
        });
      } else if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(value);
      }
    });
    return result;
  }

  @Override
  public String toString() {
    return name;
  }

  private static LuaScript load(String name) {
    return load(LuaScript.class, name);
  }

  /**
   * The script {@code name} among {@code owner}'s resources.
   *
   * @throws TransportException when it is missing or unreadable
   */
  public static LuaScript load(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new TransportException("Missing Lua script " + name);
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TransportException("Cannot read Lua script " + name, e);
    }
  }
}
