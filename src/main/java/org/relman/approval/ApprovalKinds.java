package org.relman.approval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The approvals the risk policy may ask for ({@code qa}, {@code security}, {@code cab}: each also the engine group that
 * gives it), in the order they are listed, and the task kind (and form) that gives each one.
 */
public final class ApprovalKinds {

  private static final Map<String, String> TASKS;

  static {
    Map<String, String> tasks = new LinkedHashMap<>();
    tasks.put("qa", "qa-signoff");
    tasks.put("security", "security-review");
    tasks.put("cab", "cab-approval");
    TASKS = Collections.unmodifiableMap(tasks);
  }

  private ApprovalKinds() {}

  /** {@code qa}, {@code security}, {@code cab}, in this order. */
  public static List<String> approvals() {
    return List.copyOf(TASKS.keySet());
  }

  /** {@code qa-signoff}, {@code security-review}, {@code cab-approval}. */
  public static List<String> taskKinds() {
    return List.copyOf(TASKS.values());
  }

  public static boolean isApproval(String approval) {
    return TASKS.containsKey(approval);
  }

  /** The task kind that gives an approval; an unknown approval is an error in the risk policy. */
  public static String taskKind(String approval) {
    String task = TASKS.get(approval);
    if (task == null) {
      throw new IllegalArgumentException("'" + approval + "' is not an approval the risk policy may ask for "
          + TASKS.keySet() + ": fix the output values of bpmn/risk-policy.dmn");
    }
    return task;
  }

  /** The approval (and group) a task kind gives, if it is one. */
  public static Optional<String> approvalOf(String taskKind) {
    return TASKS.entrySet().stream().filter(e -> e.getValue().equals(taskKind)).map(Map.Entry::getKey).findFirst();
  }
}
