package org.relman.process;

import java.util.function.Supplier;

import org.operaton.bpm.engine.impl.interceptor.Command;

/**
 * A rule on what a caller may ask of the engine, whichever door the call came through: {@code /api}, {@code
 * /engine-rest}, the webapps' engine API, or Java. Guards see every outer command before the engine opens its
 * transaction (a command the engine runs inside another, a listener's say, is not guarded again), so a door added later
 * inherits them. A guard refuses by throwing the engine's own exceptions, which every door already answers: {@link
 * org.operaton.bpm.engine.AuthorizationException} (403) or
 * {@link org.operaton.bpm.engine.impl.form.validator.FormFieldValidationException} (400); nothing is then changed.
 */
public interface CommandGuard {

  /** Lets the command run ({@code proceed}), or refuses it; may look at the result (a password check, say). */
  <T> T guard(Command<T> command, Supplier<T> proceed);
}
