package io.jcelery.worker.dispatch;

import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.RetryPolicy;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The tasks a worker knows, by name (Celery's {@code app.tasks}). Built once by scanning classes
 * for {@link CeleryTask} methods; each method gets a method handle then, so calls use no
 * reflection. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TaskRegistry {

  private final Map<String, RegisteredTask> tasks;

  private TaskRegistry(Map<String, RegisteredTask> tasks) {
    this.tasks = Map.copyOf(tasks);
  }

  /**
   * Scans classes for public methods annotated {@link CeleryTask}. Instance methods are called on
   * one instance per class, made with its public no-argument constructor.
   *
   * @param classes the classes to scan
   * @param defaults the app settings a task option left at DEFAULT takes
   * @throws IllegalArgumentException when a task method is not public, a name is used twice, a
   *     class lacks the constructor, a class holds no task at all, or a rate limit is malformed
   */
  public static TaskRegistry scan(Collection<Class<?>> classes, TaskDefaults defaults) {
    Map<String, RegisteredTask> tasks = new HashMap<>();
    for (Class<?> cls : classes) {
      int before = tasks.size();
      Object instance = null;
      for (Method method : cls.getDeclaredMethods()) {
        CeleryTask annotation = method.getAnnotation(CeleryTask.class);
        if (annotation == null) {
          continue;
        }
        if (!Modifier.isPublic(method.getModifiers())
            || !Modifier.isPublic(cls.getModifiers())) {
          throw new IllegalArgumentException(
              cls.getName() + "." + method.getName() + ": a task must be a public method of a public class");
        }
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        if (!isStatic && instance == null) {
          instance = instantiate(cls);
        }
        String name = annotation.value().isEmpty()
            ? cls.getName() + "." + method.getName()
            : annotation.value();
        RateLimit rateLimit;
        try {
          rateLimit =
              annotation.rateLimit().isEmpty()
                  ? defaults.rateLimit()
                  : RateLimit.parse(annotation.rateLimit());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "Task '" + name + "' (" + cls.getName() + "." + method.getName() + "): rate_limit '"
                  + annotation.rateLimit() + "' is invalid: " + e.getMessage(),
              e);
        }
        RetryPolicy retryPolicy;
        try {
          retryPolicy = RetryPolicy.of(annotation);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "Task '" + name + "' (" + cls.getName() + "." + method.getName() + "): "
                  + e.getMessage(),
              e);
        }
        RegisteredTask task =
            new RegisteredTask(
                name,
                method,
                invoker(method, isStatic ? null : instance),
                new ArgumentBinder(method),
                annotation.acksLate().orElse(defaults.acksLate()),
                annotation.ignoreResult().orElse(defaults.ignoreResult()),
                annotation.trackStarted().orElse(defaults.trackStarted()),
                annotation.rejectOnWorkerLost().orElse(defaults.rejectOnWorkerLost()),
                rateLimit,
                retryPolicy);
        RegisteredTask previous = tasks.putIfAbsent(name, task);
        if (previous != null) {
          throw new IllegalArgumentException(
              "Task name '"
                  + name
                  + "' is registered twice: "
                  + previous.location()
                  + " and "
                  + task.location());
        }
      }
      if (tasks.size() == before) {
        throw new IllegalArgumentException(
            cls.getName() + " has no public method annotated @CeleryTask");
      }
    }
    return new TaskRegistry(tasks);
  }

  /** The task of that name, or null when none is registered. */
  public RegisteredTask get(String name) {
    return tasks.get(name);
  }

  /** Every registered name, sorted as Celery's banner lists them. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(tasks.keySet()));
  }

  /** How many tasks are registered. */
  public int size() {
    return tasks.size();
  }

  private static Object instantiate(Class<?> cls) {
    try {
      Constructor<?> constructor = cls.getConstructor();
      return constructor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          cls.getName() + " has instance task methods but no public no-argument constructor", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "Cannot create an instance of " + cls.getName() + ": " + e.getCause(), e);
    }
  }

  /** A handle taking {@code Object[]} and returning {@code Object}, whatever the method's types. */
  private static MethodHandle invoker(Method method, Object instance) {
    try {
      MethodHandle handle = MethodHandles.publicLookup().unreflect(method);
      if (instance != null) {
        handle = handle.bindTo(instance);
      }
      return handle
          .asSpreader(Object[].class, method.getParameterCount())
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(
          method.getDeclaringClass().getName() + "." + method.getName() + " is not accessible", e);
    }
  }
}
