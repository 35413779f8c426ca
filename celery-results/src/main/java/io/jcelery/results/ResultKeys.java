package io.jcelery.results;

/**
 * The keys under which key-value result backends store results, as Celery names them ({@code
 * celery/backends/base.py} {@code BaseKeyValueStoreBackend}: {@code task_keyprefix}, {@code
 * group_keyprefix}, {@code chord_keyprefix}). Redis also uses the task key as the PUBLISH channel.
 *
 * @since 0.1
 */
public final class ResultKeys {

  /** Prefix of a task's result: {@code celery-task-meta-<task_id>}. */
  public static final String TASK_KEYPREFIX = "celery-task-meta-";

  /** Prefix of a saved group result: {@code celery-taskset-meta-<group_id>}. */
  public static final String GROUP_KEYPREFIX = "celery-taskset-meta-";

  /** Prefix of a chord counter on backends with atomic increment: {@code chord-unlock-<id>}. */
  public static final String CHORD_KEYPREFIX = "chord-unlock-";

  private ResultKeys() {}

  /** {@code celery-task-meta-<taskId>} ({@code get_key_for_task}). */
  public static String forTask(String taskId) {
    return TASK_KEYPREFIX + taskId;
  }

  /**
   * {@code celery-taskset-meta-<groupId><suffix>} ({@code get_key_for_group}); Redis chords use the
   * suffixes {@code .j}, {@code .t} and {@code .s}.
   */
  public static String forGroup(String groupId, String suffix) {
    return GROUP_KEYPREFIX + groupId + suffix;
  }

  /** {@code celery-taskset-meta-<groupId>}. */
  public static String forGroup(String groupId) {
    return forGroup(groupId, "");
  }

  /** {@code chord-unlock-<groupId>} ({@code get_key_for_chord}). */
  public static String forChord(String groupId) {
    return CHORD_KEYPREFIX + groupId;
  }
}
