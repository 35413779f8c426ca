package io.jcelery.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Where the {@code worker} command learns that it must stop. Tests pass their own to stop an
 * in-process worker.
 */
interface ShutdownSignal {

  /**
   * Runs {@code onSignal} when the process is asked to stop, and {@code onCold} just before a cold
   * shutdown ends the process.
   *
   * @return a handle that removes the handler again (when the worker stopped for another reason)
   */
  Runnable install(Runnable onSignal, Runnable onCold);

  /**
   * SIGTERM and SIGINT as Celery handles them ({@code celery/apps/worker.py} {@code
   * install_worker_term_handler}, {@code install_worker_int_handler}): the first is a warm
   * shutdown, after which the command returns and the process exits 0 as Celery's does; a second
   * one is a cold shutdown that logs the running tasks it abandons and exits at once with status
   * 1. Celery also makes SIGQUIT a cold shutdown; a JVM reserves SIGQUIT for its thread dump (it
   * cannot be handled, even with {@code -Xrs}), so it keeps that meaning here. {@code
   * sun.misc.Signal} is used rather than a shutdown hook because a hook cannot let the process exit
   * with 0 or tell a second signal from the first.
   */
  static ShutdownSignal os() {
    return (onSignal, onCold) -> {
      Logger log = LoggerFactory.getLogger(ShutdownSignal.class);
      AtomicBoolean warm = new AtomicBoolean();
      SignalHandler handler =
          signal -> {
            if (warm.compareAndSet(false, true)) {
              new Thread(onSignal, "jcelery-shutdown").start();
            } else {
              log.warn("worker: Cold shutdown (MainProcess)");
              try {
                onCold.run();
              } finally {
                Runtime.getRuntime().halt(1);
              }
            }
          };
      List<Runnable> restore = new ArrayList<>();
      for (String name : List.of("TERM", "INT")) {
        Signal signal = new Signal(name);
        SignalHandler previous = Signal.handle(signal, handler);
        restore.add(() -> Signal.handle(signal, previous));
      }
      return () -> restore.forEach(Runnable::run);
    };
  }
}
