package io.jcelery.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures the log events of {@code io.jcelery} in memory while open, through a logback {@link
 * ListAppender}.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger("io.jcelery");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    logger.addAppender(appender);
  }

  /** The formatted messages logged so far at {@code level} or above. */
  public List<String> messages(Level level) {
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(level))
          .map(ILoggingEvent::getFormattedMessage)
          .collect(Collectors.toList());
    }
  }

  /** Every formatted message logged so far. */
  public List<String> messages() {
    return messages(Level.ALL);
  }

  /** Whether some message contains {@code text}. */
  public boolean contains(String text) {
    return messages().stream().anyMatch(m -> m.contains(text));
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
