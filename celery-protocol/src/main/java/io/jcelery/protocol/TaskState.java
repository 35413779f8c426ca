package io.jcelery.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * Task states as Celery names and stores them ({@code celery/states.py}). {@code PENDING} is never
 * stored: no record means pending.
 *
 * @since 0.1
 */
public enum TaskState {
  PENDING,
  RECEIVED,
  STARTED,
  SUCCESS,
  FAILURE,
  RETRY,
  REVOKED,
  REJECTED,
  IGNORED;

  private static final Set<TaskState> READY = EnumSet.of(SUCCESS, FAILURE, REVOKED);
  private static final Set<TaskState> EXCEPTION = EnumSet.of(RETRY, FAILURE, REVOKED);
  private static final Set<TaskState> PROPAGATE = EnumSet.of(FAILURE, REVOKED);

  /** {@code celery.states.READY_STATES}: the task will not change state again. */
  public boolean isReady() {
    return READY.contains(this);
  }

  /** {@code celery.states.EXCEPTION_STATES}: the stored result is an exception. */
  public boolean isException() {
    return EXCEPTION.contains(this);
  }

  /** {@code celery.states.PROPAGATE_STATES}: {@code get()} raises. */
  public boolean propagates() {
    return PROPAGATE.contains(this);
  }

  /** Parses a stored state name; an unknown name (a custom state) maps to null. */
  public static TaskState parse(String name) {
    if (name == null) {
      return null;
    }
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
