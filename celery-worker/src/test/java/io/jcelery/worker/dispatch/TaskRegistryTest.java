package io.jcelery.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.CeleryTask.Flag;
import io.jcelery.worker.LifecycleTasks;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

  public static final class Named {
    @CeleryTask("tasks.add")
    public static int add(int x, int y) {
      return x + y;
    }

    @CeleryTask
    public static void unnamed() {}

    @CeleryTask(value = "tasks.late", acksLate = Flag.TRUE, ignoreResult = Flag.TRUE)
    public static void late() {}

    public static void notATask() {}
  }

  /** Instance tasks share one instance, made once. */
  public static final class Stateful {
    static final AtomicInteger CREATED = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    public Stateful() {
      CREATED.incrementAndGet();
    }

    @CeleryTask("stateful.count")
    public int count() {
      return calls.incrementAndGet();
    }

    @CeleryTask("stateful.peek")
    public int peek() {
      return calls.get();
    }
  }

  public static final class Duplicate {
    @CeleryTask("tasks.add")
    public static int add(int x, int y) {
      return x + y;
    }
  }

  public static final class NoConstructor {
    public NoConstructor(int ignored) {}

    @CeleryTask("x.y")
    public int y() {
      return 1;
    }
  }

  public static final class PrivateTask {
    @CeleryTask("x.private")
    private static void hidden() {}
  }

  @Test
  void registersAnnotatedMethodsByNameDefaultingToTheQualifiedMethodName() {
    TaskRegistry registry = TaskRegistry.scan(List.of(Named.class), TaskDefaults.CELERY);
    assertThat(registry.names())
        .containsExactly(
            Named.class.getName() + ".unnamed", "tasks.add", "tasks.late");
    assertThat(registry.get("tasks.nope")).isNull();
  }

  @Test
  void taskFlagsOverrideTheAppDefaults() {
    TaskRegistry registry =
        TaskRegistry.scan(List.of(Named.class), new TaskDefaults(false, false, true));
    assertThat(registry.get("tasks.late").acksLate()).isTrue();
    assertThat(registry.get("tasks.late").ignoreResult()).isTrue();
    assertThat(registry.get("tasks.add").acksLate()).isFalse();
    assertThat(registry.get("tasks.add").trackStarted()).isTrue();
  }

  @Test
  void instanceMethodsRunOnOneInstancePerClass() throws Throwable {
    int before = Stateful.CREATED.get();
    TaskRegistry registry = TaskRegistry.scan(List.of(Stateful.class), TaskDefaults.CELERY);
    registry.get("stateful.count").invoke(new Object[0]);
    registry.get("stateful.count").invoke(new Object[0]);
    assertThat(registry.get("stateful.peek").invoke(new Object[0])).isEqualTo(2);
    assertThat(Stateful.CREATED.get() - before).isEqualTo(1);
  }

  @Test
  void refusesDuplicateNames() {
    assertThatThrownBy(
            () -> TaskRegistry.scan(List.of(Named.class, Duplicate.class), TaskDefaults.CELERY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tasks.add' is registered twice");
  }

  @Test
  void refusesInstanceTasksWithoutNoArgConstructor() {
    assertThatThrownBy(() -> TaskRegistry.scan(List.of(NoConstructor.class), TaskDefaults.CELERY))
        .hasMessageContaining("no public no-argument constructor");
  }

  @Test
  void refusesNonPublicTaskMethodsAndClassesWithoutTasks() {
    assertThatThrownBy(() -> TaskRegistry.scan(List.of(PrivateTask.class), TaskDefaults.CELERY))
        .hasMessageContaining("must be a public method");
    assertThatThrownBy(() -> TaskRegistry.scan(List.of(String.class), TaskDefaults.CELERY))
        .hasMessageContaining("has no public method annotated @CeleryTask");
  }

  @Test
  void taskDefaultRateLimitAppliesToTasksWithoutTheirOwn() {
    TaskRegistry registry =
        TaskRegistry.scan(
            List.of(LifecycleTasks.class),
            new TaskDefaults(false, false, false, false, RateLimit.parse("10/s")));
    assertThat(registry.get("defaults.limited").rateLimit()).isEqualTo(RateLimit.parse("10/s"));
    assertThat(registry.get("defaults.own").rateLimit()).isEqualTo(RateLimit.parse("5/m"));
  }
}
