package org.relman.security;

import java.util.List;

import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks API logins against the engine's identity service, so users and groups are managed in one place (Operaton
 * Admin); the user's groups become its authorities. Failed sign-ins are throttled per client address
 * ({@link LoginThrottle}), which says so here instead of only failing.
 */
@Component
class EngineIdentityAuthenticationProvider implements AuthenticationProvider {

  private final IdentityService identity;
  private final LoginThrottle throttle;

  EngineIdentityAuthenticationProvider(IdentityService identity, LoginThrottle throttle) {
    this.identity = identity;
    this.throttle = throttle;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    var wait = throttle.waitForCurrentClient();
    if (!wait.isZero()) {
      throw new LockedException("Too many failed sign-ins from your address: try again in "
          + Math.max(1, wait.toSeconds()) + " s");
    }
    String user = authentication.getName();
    Object credentials = authentication.getCredentials();
    if (user == null || credentials == null || !identity.checkPassword(user, credentials.toString())) {
      throw new BadCredentialsException("Unknown user or wrong password");
    }
    List<SimpleGrantedAuthority> groups = identity.createGroupQuery().groupMember(user).list().stream()
        .map(Group::getId)
        .map(SimpleGrantedAuthority::new)
        .toList();
    return UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
