package org.relman.process;

import java.util.List;

import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.interceptor.Command;
import org.operaton.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * The engine's first command interceptor: runs every outer command past the {@link CommandGuard}s. Until the guards are
 * {@linkplain #arm armed} (all of relman's beans exist), commands pass: those are the engine's and relman's own start-up.
 */
final class GuardedDoors extends CommandInterceptor {

  private volatile List<CommandGuard> guards = List.of();

  void arm(List<CommandGuard> guards) {
    this.guards = List.copyOf(guards);
  }

  @Override
  public <T> T execute(Command<T> command) {
    if (Context.getCommandContext() != null) {
      // a command the engine runs inside another one (a listener calling a service): the outer one was guarded
      return next.execute(command);
    }
    return proceed(guards, 0, command);
  }

  private <T> T proceed(List<CommandGuard> all, int index, Command<T> command) {
    if (index == all.size()) {
      return next.execute(command);
    }
    return all.get(index).guard(command, () -> proceed(all, index + 1, command));
  }
}
