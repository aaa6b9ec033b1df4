package org.relman.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The engine groups relman's role rules are written against (API.md, "Authentication and roles"). */
public final class Roles {

  public static final String RELEASE_MANAGERS = "release-managers";
  public static final String QA = "qa";
  public static final String SECURITY = "security";
  public static final String CAB = "cab";
  public static final String ENGINEERS = "engineers";
  public static final String AUDITORS = "auditors";
  public static final String PROCESS_OWNERS = "process-owners";
  public static final String ADMINS = "operaton-admin";
  /** The technical group of the external-task workers; never a person. */
  public static final String WORKERS = "relman-workers";

  /** Groups of people; every one of them may sign in to the API, Tasklist and the welcome page. */
  public static final List<String> PEOPLE = List.of(RELEASE_MANAGERS, QA, SECURITY, CAB, ENGINEERS, AUDITORS, PROCESS_OWNERS, ADMINS);

  /**
   * The roles a member of {@code groups} may give a token: its groups, and engineers for a release manager, who may do
   * everything engineers may (docs/security.md) and so may hand CI a token that can do no more than request releases.
   */
  public static Set<String> held(Collection<String> groups) {
    Set<String> held = new HashSet<>(groups);
    if (held.contains(RELEASE_MANAGERS)) {
      held.add(ENGINEERS);
    }
    return held;
  }

  private Roles() {}
}
