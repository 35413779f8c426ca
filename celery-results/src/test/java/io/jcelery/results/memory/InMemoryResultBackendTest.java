package io.jcelery.results.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendContract;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.ResultBackends;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryResultBackendTest extends ResultBackendContract {

  private final String storeName = "test-" + UUID.randomUUID();

  @Override
  protected ResultBackend open(ResultBackendOptions options) {
    return ResultBackends.open("memory://" + storeName, options);
  }

  @Override
  protected void putRaw(ResultBackend backend, String key, byte[] value) {
    ((InMemoryResultBackend) backend).set(key, value, null);
  }

  @Override
  protected byte[] getRaw(ResultBackend backend, String key) {
    return ((InMemoryResultBackend) backend).getValue(key);
  }

  @Override
  protected Optional<Duration> ttl(ResultBackend backend, String key) {
    return Optional.ofNullable(((InMemoryResultBackend) backend).ttl(key));
  }

  @Test
  @DisplayName("backends opened with the same memory:// name share their results")
  void sameNameSharesResults() {
    ResultBackend first = backend();
    ResultBackend second = backend();
    String taskId = newTaskId();

    first.store(success(taskId, JsonNodeFactory.instance.numberNode(1)));

    assertThat(second.get(taskId)).isPresent();
    assertThat(InMemoryResultBackend.create(ResultBackendOptions.DEFAULT).get(taskId)).isEmpty();
  }

  @Test
  @DisplayName("a result is gone once result_expires has passed")
  void resultExpires() {
    ResultBackend backend =
        backend(ResultBackendOptions.builder().expires(Duration.ofMillis(100)).build());
    String taskId = newTaskId();

    backend.store(success(taskId, JsonNodeFactory.instance.numberNode(1)));

    await().atMost(Duration.ofSeconds(5)).until(() -> backend.get(taskId).isEmpty());
  }

  @Test
  @DisplayName("incr counts atomically from zero")
  void incrCountsFromZero() {
    InMemoryResultBackend backend = InMemoryResultBackend.create(ResultBackendOptions.DEFAULT);

    assertThat(backend.incr("chord-unlock-g")).isEqualTo(1);
    assertThat(backend.incr("chord-unlock-g")).isEqualTo(2);
  }
}
