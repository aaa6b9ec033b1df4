package org.relman.process;

import java.security.SecureRandom;
import java.util.Base64;

import org.relman.RelmanProperties;
import org.springframework.stereotype.Component;

/**
 * The technical user the external-task workers sign in with. Without {@code relman.workers.password} the password is
 * random and new on every start, which is right for one node whose workers run inside it.
 */
@Component
public class WorkerCredentials {

  private final String user;
  private final String password;
  private final boolean generated;

  WorkerCredentials(RelmanProperties properties) {
    this.user = properties.workers().user();
    String configured = properties.workers().password();
    this.generated = configured == null || configured.isBlank();
    if (generated) {
      this.password = random();
    } else {
      this.password = configured;
    }
  }

  /** 24 random bytes, URL-safe. */
  public static String random() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public boolean generated() {
    return generated;
  }
}
