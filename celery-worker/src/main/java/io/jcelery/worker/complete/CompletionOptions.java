package io.jcelery.worker.complete;

/**
 * The app settings the completion stage follows.
 *
 * @param acksOnFailureOrTimeout {@code task_acks_on_failure_or_timeout}: a late-ack task that
 *     failed is acked (true) or rejected without requeue (false)
 * @param storeErrorsEvenIfIgnored {@code task_store_errors_even_if_ignored}
 * @param resultExtended {@code result_extended}: store name, args, kwargs, worker, retries, queue
 * @since 0.1
 */
public record CompletionOptions(
    boolean acksOnFailureOrTimeout, boolean storeErrorsEvenIfIgnored, boolean resultExtended) {

  /** Celery's defaults. */
  public static final CompletionOptions CELERY = new CompletionOptions(true, false, false);
}
