package org.relman.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.operaton.bpm.engine.impl.interceptor.Command;

/**
 * Reads a field of one of the engine's command classes, which have no getters (the task a completion is for, the
 * variables it sends). Resolved once, when relman starts: an engine upgrade that renames the field stops the start
 * instead of silently switching a rule off.
 */
public final class CommandField<C extends Command<?>, V> {

  private final Class<C> command;
  private final VarHandle handle;

  private CommandField(Class<C> command, VarHandle handle) {
    this.command = command;
    this.handle = handle;
  }

  /** The field {@code name} of type {@code type}, declared by {@code command} or a superclass. */
  public static <C extends Command<?>, V> CommandField<C, V> of(Class<C> command, String name, Class<V> type) {
    for (Class<?> declaring = command; declaring != null; declaring = declaring.getSuperclass()) {
      try {
        var lookup = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup());
        return new CommandField<>(command, lookup.findVarHandle(declaring, name, type));
      } catch (NoSuchFieldException e) {
        // declared further up
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + declaring.getName() + "." + name, e);
      }
    }
    throw new IllegalStateException(command.getName() + " has no field '" + name + "' of type " + type.getName()
        + ": the engine changed, and a rule relman keeps depends on it");
  }

  @SuppressWarnings("unchecked")
  public V get(Command<?> instance) {
    return (V) handle.get(command.cast(instance));
  }
}
