package org.relman.security;

import static org.relman.security.Roles.ADMINS;
import static org.relman.security.Roles.AUDITORS;
import static org.relman.security.Roles.PROCESS_OWNERS;
import static org.relman.security.Roles.RELEASE_MANAGERS;
import static org.relman.security.Roles.WORKERS;

import java.util.List;

import org.operaton.bpm.engine.AuthorizationService;
import org.operaton.bpm.engine.authorization.Authorization;
import org.operaton.bpm.engine.authorization.Permission;
import org.operaton.bpm.engine.authorization.Permissions;
import org.operaton.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.operaton.bpm.engine.authorization.ProcessInstancePermissions;
import org.operaton.bpm.engine.authorization.Resource;
import org.operaton.bpm.engine.authorization.Resources;
import org.operaton.bpm.engine.authorization.TaskPermissions;
import org.springframework.stereotype.Component;

/**
 * The engine authorizations behind relman's role rules, so they hold in Tasklist, Cockpit, Admin and
 * {@code /engine-rest} exactly as in {@code /api}. Candidates of a task get READ and TASK_WORK on it from the engine
 * itself when the task is created ({@code default-user-permission-name-for-task}); nobody but {@code operaton-admin}
 * may start, change or delete process instances by hand, because a release is started through {@code /api} only.
 */
@Component
class EngineGrants {

  private static final List<String> CAN_SEE_PROCESSES = List.of(RELEASE_MANAGERS, AUDITORS, PROCESS_OWNERS);

  private final AuthorizationService authorizations;

  EngineGrants(AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  void apply(List<String> filterIds) {
    for (Resources resource : Resources.values()) {
      grant(ADMINS, resource, "*", Permissions.ALL);
    }
    for (String group : Roles.PEOPLE) {
      grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
      grant(group, Resources.APPLICATION, "welcome", Permissions.ACCESS);
      grant(group, Resources.USER, "*", Permissions.READ);
      grant(group, Resources.GROUP, "*", Permissions.READ);
      for (String filterId : filterIds) {
        grant(group, Resources.FILTER, filterId, Permissions.READ);
      }
    }
    for (String group : CAN_SEE_PROCESSES) {
      grant(group, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
      grant(group, Resources.PROCESS_DEFINITION, "*",
          ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE);
      grant(group, Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.READ);
      grant(group, Resources.TASK, "*", TaskPermissions.READ);
      grant(group, Resources.DEPLOYMENT, "*", Permissions.READ);
      grant(group, Resources.DECISION_DEFINITION, "*", Permissions.READ, Permissions.READ_HISTORY);
    }
    // what the external-task workers need to fetch, lock and complete their tasks, nothing more
    grant(WORKERS, Resources.PROCESS_DEFINITION, "*",
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE);
  }

  private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizations.createAuthorizationQuery()
        .groupIdIn(group)
        .resourceType(resource)
        .resourceId(resourceId)
        .authorizationType(Authorization.AUTH_TYPE_GRANT)
        .singleResult();
    Authorization authorization = existing;
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      authorization.setGroupId(group);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    }
    boolean changed = existing == null;
    for (Permission permission : permissions) {
      if (!authorization.isPermissionGranted(permission)) {
        authorization.addPermission(permission);
        changed = true;
      }
    }
    if (changed) {
      authorizations.saveAuthorization(authorization);
    }
  }
}
