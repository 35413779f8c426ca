package io.jcelery.worker.execute;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Creates virtual-thread executors on a Java 21+ runtime while the code compiles with {@code
 * --release 17}: the Java 21 methods ({@code Thread.ofVirtual()}, {@code
 * Executors.newThreadPerTaskExecutor}) are looked up once through method handles.
 */
final class VirtualThreads {

  /** The first Java release with final virtual threads. */
  static final int MIN_FEATURE = 21;

  private VirtualThreads() {}

  /** Whether this runtime has virtual threads. */
  static boolean available() {
    return Runtime.version().feature() >= MIN_FEATURE;
  }

  /**
   * A new executor starting one virtual thread per task, the threads named {@code prefix<n>}.
   *
   * @throws IllegalStateException on a runtime older than Java 21
   */
  static ExecutorService newExecutor(String namePrefix) {
    if (!available()) {
      throw new IllegalStateException(
          "the virtual pool needs Java "
              + MIN_FEATURE
              + "+; this is Java "
              + Runtime.version().feature());
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      MethodHandle ofVirtualHandle =
          lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
      MethodHandle name =
          lookup.findVirtual(
              builder, "name", MethodType.methodType(builder, String.class, long.class));
      MethodHandle factory =
          lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
      MethodHandle perTask =
          lookup.findStatic(
              Executors.class,
              "newThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class, ThreadFactory.class));
      Object named = name.invoke(ofVirtualHandle.invoke(), namePrefix, 1L);
      ThreadFactory threads = (ThreadFactory) factory.invoke(named);
      return (ExecutorService) perTask.invoke(threads);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot create virtual threads on this runtime", e);
    }
  }
}
