package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.impl.cmd.CheckPassword;
import org.relman.RelmanProperties;
import org.relman.process.WorkerCredentials;
import org.relman.testing.MutableClock;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.TestProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Failed sign-ins slow down the address they come from, not the user: a throttle of its own (three failures a minute)
 * in front of the real identity service, with addresses and time set by the test.
 */
class LoginThrottleTest extends RelmanTestBase {

  @Autowired
  RelmanProperties properties;
  @Autowired
  WorkerCredentials worker;

  private final MutableClock clock = new MutableClock();
  private final AtomicInteger checked = new AtomicInteger();

  @AfterEach
  void noRequest() {
    RequestContextHolder.resetRequestAttributes();
  }

  @Test
  void anAddressWithTooManyFailuresIsNotCheckedUntilTheyAgeOut() {
    LoginThrottle throttle = throttle(3, Duration.ofMinutes(1));

    from("203.0.113.5");
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(throttle, "bob", false)).isFalse();
    }
    assertThat(throttle.waitForCurrentClient()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    int before = checked.get();
    assertThat(signIn(throttle, "bob", true)).as("the right password, not even checked").isFalse();
    assertThat(checked.get()).isEqualTo(before);

    from("198.51.100.7");
    assertThat(signIn(throttle, "bob", true)).as("bob from elsewhere is not locked out").isTrue();

    from("203.0.113.5");
    clock.advance(Duration.ofSeconds(61));
    assertThat(throttle.waitForCurrentClient()).isZero();
    assertThat(signIn(throttle, "bob", true)).isTrue();
  }

  @Test
  void successesDoNotWipeOutAnAddresssFailures() {
    LoginThrottle throttle = throttle(3, Duration.ofMinutes(1));
    from("203.0.113.9");

    signIn(throttle, "bob", false);
    signIn(throttle, "bob", false);
    assertThat(signIn(throttle, "alice", true)).isTrue();
    signIn(throttle, "carol", false);

    // one valid account does not buy an address more guesses at another
    assertThat(throttle.waitForCurrentClient()).isPositive();
  }

  @Test
  void theWorkersUserIsNeverCheckedAndNeverCounts() {
    LoginThrottle throttle = throttle(3, Duration.ofMinutes(1));
    from("203.0.113.11");

    for (int i = 0; i < 10; i++) {
      assertThat(signIn(throttle, worker.user(), true)).isFalse();
    }
    assertThat(checked.get()).isZero();
  }

  @Test
  void aUserIdMustMatchAsStored() {
    LoginThrottle throttle = throttle(3, Duration.ofMinutes(1));
    from("203.0.113.12");

    // as MySQL would: the database finds alice for ALICE and the password matches
    assertThat(signIn(throttle, "ALICE", true)).isFalse();
    assertThat(signIn(throttle, "alice", true)).isTrue();
  }

  private LoginThrottle throttle(int maxFailures, Duration window) {
    var settings = new RelmanProperties.Security(new RelmanProperties.LoginThrottle(maxFailures, window));
    return new LoginThrottle(identityService, worker, TestProperties.with(properties, "security", settings), clock);
  }

  /** A password check through the throttle; {@code passwordMatches}: what the identity service would answer. */
  private boolean signIn(LoginThrottle throttle, String user, boolean passwordMatches) {
    return throttle.guard(new CheckPassword(user, "secret"), () -> {
      checked.incrementAndGet();
      return passwordMatches;
    });
  }

  private static void from(String address) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setRemoteAddr(address);
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
  }
}
