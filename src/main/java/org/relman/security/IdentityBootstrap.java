package org.relman.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.operaton.bpm.engine.FilterService;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.filter.Filter;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.User;
import org.relman.process.WorkerCredentials;
import org.relman.RuntimeMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes the engine's identity service ready before anything signs in: the role groups, the workers' technical user,
 * the demo users (demo mode only), the Tasklist filters and the grants. Runs before the workers start polling, so they
 * never lock their own user out with a password the engine does not know yet.
 */
@Component
class IdentityBootstrap implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

  /** Demo users, password = user name (API.md). */
  private static final Map<String, String> DEMO_USERS = Map.of(
      "alice", Roles.RELEASE_MANAGERS,
      "rita", Roles.RELEASE_MANAGERS,
      "bob", Roles.QA,
      "carol", Roles.SECURITY,
      "dave", Roles.CAB,
      "erin", Roles.ENGINEERS,
      "frank", Roles.AUDITORS,
      "grace", Roles.PROCESS_OWNERS,
      "admin", Roles.ADMINS);

  private static final Map<String, String> GROUP_NAMES = Map.of(
      Roles.RELEASE_MANAGERS, "Release managers",
      Roles.QA, "Quality assurance",
      Roles.SECURITY, "Security",
      Roles.CAB, "Change advisory board",
      Roles.ENGINEERS, "Engineers",
      Roles.AUDITORS, "Auditors",
      Roles.PROCESS_OWNERS, "Process owners",
      Roles.ADMINS, "Operaton administrators",
      Roles.WORKERS, "relman workers (technical)");

  private final IdentityService identity;
  private final FilterService filters;
  private final TaskService tasks;
  private final EngineGrants grants;
  private final WorkerCredentials worker;
  private final RuntimeMode mode;

  IdentityBootstrap(IdentityService identity, FilterService filters, TaskService tasks, EngineGrants grants,
      WorkerCredentials worker, RuntimeMode mode) {
    this.identity = identity;
    this.filters = filters;
    this.tasks = tasks;
    this.grants = grants;
    this.worker = worker;
    this.mode = mode;
  }

  @Override
  public void afterSingletonsInstantiated() {
    GROUP_NAMES.forEach(this::ensureGroup);
    ensureWorkerUser();
    if (mode.demo()) {
      DEMO_USERS.forEach((user, group) -> ensureUser(user, user, group));
    }
    grants.apply(ensureTasklistFilters());
    requireAdministrator();
  }

  /**
   * Somebody must be able to manage users and groups, and the Admin webapp's "create the first administrator" page is
   * closed (anonymous visitors could use it): outside demo mode, the first administrator comes from configuration.
   */
  private void requireAdministrator() {
    if (!mode.demo() && identity.createUserQuery().memberOfGroup(Roles.ADMINS).count() == 0) {
      throw new IllegalStateException("No administrator: outside demo mode relman needs a member of " + Roles.ADMINS
          + ". Set operaton.bpm.admin-user.id and operaton.bpm.admin-user.password (created at start-up when"
          + " missing; see docs/security.md), or add one to the database.");
    }
  }

  private void ensureGroup(String id, String name) {
    if (identity.createGroupQuery().groupId(id).singleResult() == null) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType(Roles.WORKERS.equals(id) ? "SYSTEM" : "WORKFLOW");
      identity.saveGroup(group);
    }
  }

  private void ensureUser(String id, String password, String group) {
    if (identity.createUserQuery().userId(id).singleResult() == null) {
      User user = identity.newUser(id);
      user.setFirstName(Character.toUpperCase(id.charAt(0)) + id.substring(1));
      user.setLastName("(demo)");
      user.setEmail(id + "@relman.example");
      user.setPassword(password);
      identity.saveUser(user);
    }
    if (identity.createUserQuery().userId(id).memberOfGroup(group).singleResult() == null) {
      identity.createMembership(id, group);
    }
  }

  private void ensureWorkerUser() {
    User user = identity.createUserQuery().userId(worker.user()).singleResult();
    if (user == null) {
      user = identity.newUser(worker.user());
      user.setFirstName("relman");
      user.setLastName("workers");
    }
    // the workers sign in with their token, never with this password: a random one nobody knows, new every start
    user.setPassword(WorkerCredentials.random());
    identity.saveUser(user);
    identity.unlockUser(worker.user());
    if (identity.createUserQuery().userId(worker.user()).memberOfGroup(Roles.WORKERS).singleResult() == null) {
      identity.createMembership(worker.user(), Roles.WORKERS);
    }
    if (worker.generated()) {
      log.info("Workers sign in as '{}' with a token generated for this start (set relman.workers.password when"
          + " workers run elsewhere)", worker.user());
    }
  }

  /** "My tasks" and "My group tasks" for Tasklist, created once. */
  private List<String> ensureTasklistFilters() {
    List<String> ids = new ArrayList<>();
    ids.add(ensureFilter("My tasks", -10, "Tasks assigned to me",
        tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}")));
    ids.add(ensureFilter("My group tasks", -5, "Tasks my groups may work on",
        tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks()));
    return ids;
  }

  private String ensureFilter(String name, int priority, String description, org.operaton.bpm.engine.task.TaskQuery query) {
    Filter existing = filters.createTaskFilterQuery().filterName(name).singleResult();
    if (existing != null) {
      return existing.getId();
    }
    Filter filter = filters.newTaskFilter(name)
        .setQuery(query)
        .setProperties(Map.of("priority", priority, "description", description, "refresh", true));
    return filters.saveFilter(filter).getId();
  }
}
