package io.jcelery.transport.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The Lettuce event loops and timers every Redis client of the JVM shares (transports and result
 * backends), created on first use and kept for the JVM's life.
 *
 * <p>Each connection consolidates its flushes: commands written by many threads in one turn of the
 * event loop, and the commands written while it handles replies, leave in one socket write instead
 * of one write per command. Nothing waits for a flush that would not have happened anyway.
 *
 * @since 0.1
 */
public final class LettuceResources {

  private static ClientResources shared;

  private LettuceResources() {}

  /** The JVM's shared client resources; never shut them down. */
  public static synchronized ClientResources shared() {
    if (shared == null) {
      shared =
          DefaultClientResources.builder()
              .nettyCustomizer(
                  new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                      channel
                          .pipeline()
                          .addFirst(
                              new FlushConsolidationHandler(
                                  FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES,
                                  true));
                    }
                  })
              .build();
    }
    return shared;
  }
}
