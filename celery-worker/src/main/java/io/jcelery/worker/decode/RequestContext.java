package io.jcelery.worker.decode;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.transport.DeliveryInfo;
import io.jcelery.worker.SoftTimeLimitExceeded;
import io.jcelery.worker.Retry;
import io.jcelery.worker.RetryOptions;
import io.jcelery.worker.TaskContext;
import io.jcelery.worker.WorkerControl;
import java.time.OffsetDateTime;

/** The read-only {@link TaskContext} view of a request; tasks never see the settlement handle. */
final class RequestContext implements TaskContext {

  private final TaskRequest request;

  RequestContext(TaskRequest request) {
    this.request = request;
  }

  @Override
  public String id() {
    return request.id();
  }

  @Override
  public String taskName() {
    return request.taskName();
  }

  @Override
  public ArrayNode args() {
    return request.args();
  }

  @Override
  public ObjectNode kwargs() {
    return request.kwargs();
  }

  @Override
  public int retries() {
    return request.headers().retries();
  }

  @Override
  public String rootId() {
    return request.headers().rootId();
  }

  @Override
  public String parentId() {
    return request.headers().parentId();
  }

  @Override
  public String group() {
    return request.headers().group();
  }

  @Override
  public DeliveryInfo deliveryInfo() {
    return request.deliveryInfo();
  }

  @Override
  public String hostname() {
    return request.hostname();
  }

  @Override
  public OffsetDateTime eta() {
    return request.eta();
  }

  @Override
  public OffsetDateTime expires() {
    return request.expires();
  }

  @Override
  public String correlationId() {
    return request.properties().correlationId();
  }

  @Override
  public String replyTo() {
    return request.properties().replyTo();
  }

  @Override
  public void checkSoftTimeLimit() {
    String message = request.takeSoftTimeLimit();
    if (message != null) {
      Thread.interrupted(); // the timer's interrupt has been reported; let the task clean up
      throw new SoftTimeLimitExceeded(message);
    }
  }

  @Override
  public String toString() {
    return "TaskContext[" + request + "]";
  }

  @Override
  public Retry retry(RetryOptions options) {
    return request.retryPolicy().retry(this, options);
  }

  @Override
  public WorkerControl worker() {
    return request.worker();
  }
}
