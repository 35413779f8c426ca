package io.jcelery.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --pool=virtual}: on Java 21+ the worker runs tasks on virtual threads; on older runtimes
 * it refuses to start with a clear message. The assertion follows {@link Runtime#version()}.
 */
class WorkerVirtualPoolTest extends WorkerTestSupport {

  @Test
  void virtualPoolRunsTasksOnJava21OrFailsAtStartWithAClearMessage() {
    int feature = Runtime.version().feature();
    if (feature < 21) {
      Worker refused = new Worker(app, List.of(Tasks.class), options().pool(WorkerOptions.Pool.VIRTUAL).build());
      assertThatThrownBy(refused::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the virtual pool needs Java 21+; this is Java " + feature);
      assertThat(refused.state()).isEqualTo(Worker.State.TERMINATED);
      return;
    }
    start(options().pool(WorkerOptions.Pool.VIRTUAL).concurrency(4));
    assertThat(app.sendTask("tasks.add", List.of(40, 2), Map.of()).get(TIMEOUT, Integer.class))
        .isEqualTo(42);
    assertThat(Tasks.LAST_THREAD.get()).startsWith("VirtualPoolWorker-");
  }
}
