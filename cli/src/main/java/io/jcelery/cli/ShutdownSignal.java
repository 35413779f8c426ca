package io.jcelery.cli;

/**
 * Where the {@code worker} command learns that it must stop: SIGTERM and SIGINT, through a JVM
 * shutdown hook (Celery's {@code install_worker_term_handler} and {@code
 * install_worker_int_handler}). Tests pass their own to stop an in-process worker.
 */
interface ShutdownSignal {

  /**
   * Runs {@code onSignal} when the process is asked to stop.
   *
   * @return a handle that removes the handler again (when the worker stopped for another reason)
   */
  Runnable install(Runnable onSignal);

  /** SIGTERM and SIGINT as the JVM reports them: through a shutdown hook. */
  static ShutdownSignal jvm() {
    return onSignal -> {
      Thread hook = new Thread(onSignal, "jcelery-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
          // The hook is running or has run; nothing to remove.
        }
      };
    };
  }
}
