package org.relman.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.operaton.bpm.engine.impl.interceptor.Command;
import org.relman.process.CommandGuard;
import org.springframework.stereotype.Component;

/**
 * Counts the engine commands a piece of work runs on the calling thread, by name ({@code TaskQueryImpl},
 * {@code GetIdentityLinksForTaskCmd}, ...): as a guard it sees every outer command, and only the calling thread's, so
 * other tests' background work does not count. For tests that pin how many reads something costs.
 */
@Component
public class CommandTally implements CommandGuard {

  private static final ThreadLocal<Map<String, Integer>> COUNTING = new ThreadLocal<>();

  /** The commands {@code work} ran on this thread, by name, sorted. */
  public static Map<String, Integer> of(Runnable work) {
    Map<String, Integer> counted = new TreeMap<>();
    COUNTING.set(counted);
    try {
      work.run();
    } finally {
      COUNTING.remove();
    }
    return counted;
  }

  @Override
  public <T> T guard(Command<T> command, Supplier<T> proceed) {
    Map<String, Integer> counted = COUNTING.get();
    if (counted != null) {
      String name = command.getClass().getSimpleName();
      counted.merge(name.isEmpty() ? command.getClass().getName() : name, 1, Integer::sum);
    }
    return proceed.get();
  }
}
