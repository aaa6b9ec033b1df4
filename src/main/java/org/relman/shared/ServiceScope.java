package org.relman.shared;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Credentials that may act on the releases of some services only (a service token): requesting, cancelling, gate
 * reports, deployment callbacks, tasks. Every action on a release asks {@link #check} with the release's services; a
 * caller signed in any other way (a person, the workers, the engine) is not restricted by this.
 */
public final class ServiceScope {

  /** An authentication restricted to {@link #services()}. */
  public interface Restricted {

    /** The services it may act on; empty: every service. */
    Set<String> services();

    /** How the credential is named in a refusal, e.g. {@code token 'ci-payments'}. */
    String credential();
  }

  private ServiceScope() {}

  /** Refuses (403) when the current caller is restricted and {@code services} are not all within its scope. */
  public static void check(Collection<String> services, String action) {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    if (caller instanceof Restricted restricted && !restricted.services().isEmpty()
        && !restricted.services().containsAll(services)) {
      List<String> outside = services.stream().filter(s -> !restricted.services().contains(s)).sorted().toList();
      throw new NotPermitted("The " + restricted.credential() + " may act only on releases of " + restricted.services()
          .stream().sorted().toList() + "; " + action + " concerns " + outside);
    }
  }
}
