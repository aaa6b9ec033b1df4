package org.relman.security;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.operaton.bpm.engine.AuthorizationException;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.impl.AbstractQuery;
import org.operaton.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.operaton.bpm.engine.impl.cmd.AbstractVariableCmd;
import org.operaton.bpm.engine.impl.cmd.CompleteExternalTaskCmd;
import org.operaton.bpm.engine.impl.cmd.CreateMembershipCmd;
import org.operaton.bpm.engine.impl.cmd.CreateTenantCmd;
import org.operaton.bpm.engine.impl.cmd.CreateTenantGroupMembershipCmd;
import org.operaton.bpm.engine.impl.cmd.CreateTenantUserMembershipCmd;
import org.operaton.bpm.engine.impl.cmd.DeleteAuthorizationCmd;
import org.operaton.bpm.engine.impl.cmd.DeleteGroupCmd;
import org.operaton.bpm.engine.impl.cmd.DeleteMembershipCmd;
import org.operaton.bpm.engine.impl.cmd.DeleteUserCmd;
import org.operaton.bpm.engine.impl.cmd.ExtendLockOnExternalTaskCmd;
import org.operaton.bpm.engine.impl.cmd.FetchExternalTasksCmd;
import org.operaton.bpm.engine.impl.cmd.HandleExternalTaskBpmnErrorCmd;
import org.operaton.bpm.engine.impl.cmd.HandleExternalTaskFailureCmd;
import org.operaton.bpm.engine.impl.cmd.SaveAuthorizationCmd;
import org.operaton.bpm.engine.impl.cmd.SaveGroupCmd;
import org.operaton.bpm.engine.impl.cmd.SaveTenantCmd;
import org.operaton.bpm.engine.impl.cmd.SaveUserCmd;
import org.operaton.bpm.engine.impl.cmd.UnlockExternalTaskCmd;
import org.operaton.bpm.engine.impl.identity.Authentication;
import org.operaton.bpm.engine.impl.interceptor.Command;
import org.relman.process.WorkerCredentials;
import org.relman.process.CommandGuard;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What may be asked of the engine beyond the task rules, whichever door it comes through:
 * <ul>
 *   <li>the workers' technical user may fetch, lock, complete and fail external tasks and read, nothing else (no
 *   variable writes, messages, signals, instance changes or timers fired early, which its grants would allow);</li>
 *   <li>people may not write process variables; an operator ({@code operaton-admin}) may, in Cockpit, and it is
 *   audited;</li>
 *   <li>nobody may change users, groups, memberships or authorizations without being signed in, once relman has
 *   started (the Admin webapp's "create the first administrator" page included); before, relman itself creates its
 *   groups and users;</li>
 *   <li>only an operator may delete a user or change another user's account.</li>
 * </ul>
 */
@Component
@Order(10)
class EngineDoors implements CommandGuard, SmartLifecycle {

  private static final Set<Class<?>> WORKER_COMMANDS = Set.of(FetchExternalTasksCmd.class, CompleteExternalTaskCmd.class,
      HandleExternalTaskFailureCmd.class, HandleExternalTaskBpmnErrorCmd.class, ExtendLockOnExternalTaskCmd.class,
      UnlockExternalTaskCmd.class);
  private static final Set<Class<?>> IDENTITY_WRITES = Set.of(SaveUserCmd.class, DeleteUserCmd.class,
      SaveGroupCmd.class, DeleteGroupCmd.class, CreateMembershipCmd.class, DeleteMembershipCmd.class,
      SaveAuthorizationCmd.class, DeleteAuthorizationCmd.class, SaveTenantCmd.class, CreateTenantCmd.class,
      CreateTenantUserMembershipCmd.class, CreateTenantGroupMembershipCmd.class);

  private final IdentityService identity;
  private final WorkerCredentials worker;
  private volatile boolean started;

  EngineDoors(IdentityService identity, WorkerCredentials worker) {
    this.identity = identity;
    this.worker = worker;
  }

  @Override
  public <T> T guard(Command<T> command, Supplier<T> proceed) {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      if (started && IDENTITY_WRITES.contains(command.getClass())) {
        throw new AuthorizationException("Users, groups and authorizations are changed by a signed-in operator"
            + " (operaton-admin), not anonymously");
      }
      return proceed.get();
    }
    if (worker.user().equals(caller.getUserId())) {
      if (!WORKER_COMMANDS.contains(command.getClass()) && !(command instanceof AbstractQuery<?, ?>)) {
        throw new AuthorizationException("The workers' user may only fetch, lock and answer external tasks, not "
            + command.getClass().getSimpleName());
      }
      return proceed.get();
    }
    boolean operator = groups(caller).contains(Roles.ADMINS);
    if (!operator && (command instanceof AbstractVariableCmd || command instanceof AbstractPatchVariablesCmd)) {
      throw new AuthorizationException(caller.getUserId() + " may not change process variables: a release moves by"
          + " its tasks' forms and relman's API");
    }
    if (!operator && command instanceof DeleteUserCmd) {
      throw new AuthorizationException(caller.getUserId() + " may not delete users; an operator (operaton-admin) can");
    }
    if (!operator && command instanceof SaveUserCmd save && !own(save, caller)) {
      throw new AuthorizationException(caller.getUserId() + " may change only their own account");
    }
    return proceed.get();
  }

  private static boolean own(SaveUserCmd save, Authentication caller) {
    var user = SAVE_USER.get(save);
    return user != null && caller.getUserId().equals(user.getId());
  }

  private static final org.relman.process.CommandField<SaveUserCmd, org.operaton.bpm.engine.identity.User> SAVE_USER =
      org.relman.process.CommandField.of(SaveUserCmd.class, "user", org.operaton.bpm.engine.identity.User.class);

  private static List<String> groups(Authentication caller) {
    return caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
  }

  /** Started before the web server: from then on, no anonymous identity change. */
  @Override
  public void start() {
    started = true;
  }

  @Override
  public void stop() {
    // the rule stays on until the JVM ends
  }

  @Override
  public boolean isRunning() {
    return started;
  }

  @Override
  public int getPhase() {
    return 0;
  }
}
