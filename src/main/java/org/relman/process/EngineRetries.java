package org.relman.process;

import java.util.function.Supplier;

import org.operaton.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;

/**
 * Runs a transactional API action again when it lost a race inside the engine (two branches of one release moving at
 * once) or on the database (a deadlock victim). The action must be a whole transaction, so a retry starts clean.
 */
@Component
public class EngineRetries {

  private static final Logger log = LoggerFactory.getLogger(EngineRetries.class);
  private static final int ATTEMPTS = 4;

  public <T> T onConflict(Supplier<T> action) {
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (OptimisticLockingException | ConcurrencyFailureException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        log.debug("Concurrent change, trying again ({} of {}): {}", attempt, ATTEMPTS, e.getMessage());
        try {
          Thread.sleep(20L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
