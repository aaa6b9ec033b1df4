package org.relman.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.identity.User;
import org.operaton.bpm.engine.impl.cmd.CheckPassword;
import org.operaton.bpm.engine.impl.interceptor.Command;
import org.relman.process.WorkerCredentials;
import org.relman.RelmanProperties;
import org.relman.process.CommandField;
import org.relman.process.CommandGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Every password check, whichever door asks (relman's API, {@code /engine-rest}, the webapps' login, the identity
 * verify endpoint), passes here:
 * <ul>
 *   <li>a client address with too many failed sign-ins ({@code relman.security.login-throttle}) is not even checked
 *   until its failures age out: guessing slows down, and no user is ever locked (the engine's own lock is off);</li>
 *   <li>the workers' technical user never signs in with a password (the workers present a token), so nobody can guess
 *   or lock it;</li>
 *   <li>a user id matches only as stored: {@code ALICE} is not {@code alice}, even where the database compares without
 *   case (MySQL), so nobody gets a second identity that four eyes would not recognise.</li>
 * </ul>
 */
@Component
@Order(0)
public class LoginThrottle implements CommandGuard {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
  private static final CommandField<CheckPassword, String> USER = CommandField.of(CheckPassword.class, "userId",
      String.class);
  /** Addresses tracked at most; the oldest entries go first beyond this, so a flood cannot exhaust memory. */
  private static final int MAX_ADDRESSES = 100_000;

  private final IdentityService identity;
  private final WorkerCredentials worker;
  private final RelmanProperties.LoginThrottle settings;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  LoginThrottle(IdentityService identity, WorkerCredentials worker, RelmanProperties properties, Clock clock) {
    this.identity = identity;
    this.worker = worker;
    this.settings = properties.security().loginThrottle();
    this.clock = clock;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T guard(Command<T> command, Supplier<T> proceed) {
    if (!(command instanceof CheckPassword check)) {
      return proceed.get();
    }
    String userId = USER.get(check);
    String address = clientAddress();
    if (worker.user().equals(userId)) {
      log.warn("Refused a password sign-in as the workers' user '{}' from {}: the workers sign in with a token", userId,
          address);
      return (T) Boolean.FALSE;
    }
    Duration wait = waitFor(address);
    if (!wait.isZero()) {
      log.warn("Refused a sign-in as '{}' from {} unchecked: too many failed sign-ins from there (for {} s more)",
          userId, address, wait.toSeconds());
      return (T) Boolean.FALSE;
    }
    boolean ok = Boolean.TRUE.equals(proceed.get()) && storedExactly(userId);
    if (!ok) {
      failed(address);
    }
    return (T) Boolean.valueOf(ok);
  }

  /** How long the caller's address must wait before its next sign-in is checked; zero when it may try now. */
  public Duration waitForCurrentClient() {
    return waitFor(clientAddress());
  }

  Duration waitFor(String address) {
    Deque<Instant> recent = failures.get(address);
    if (recent == null) {
      return Duration.ZERO;
    }
    synchronized (recent) {
      Instant now = clock.instant();
      Instant cutoff = now.minus(settings.window());
      while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
        recent.pollFirst();
      }
      if (recent.size() < settings.maxFailures()) {
        return Duration.ZERO;
      }
      Duration wait = Duration.between(now, recent.peekFirst().plus(settings.window()));
      return wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait;
    }
  }

  void failed(String address) {
    if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
      failures.keySet().stream().findFirst().ifPresent(failures::remove);
    }
    Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (recent) {
      recent.addLast(clock.instant());
      while (recent.size() > settings.maxFailures()) {
        recent.pollFirst();
      }
    }
  }

  /** True when the id names a user exactly as stored, not just as the database compares it. */
  private boolean storedExactly(String userId) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    return user != null && user.getId().equals(userId);
  }

  /** The address of the HTTP client signing in, or {@code local} for a sign-in from inside relman. */
  static String clientAddress() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
      HttpServletRequest request = attributes.getRequest();
      return request.getRemoteAddr();
    }
    return "local";
  }
}
