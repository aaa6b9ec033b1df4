package org.relman.security;

import java.util.List;
import java.util.Set;

import org.relman.shared.ServiceScope;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller signed in with an API token: named as the token's owner (so requester, four eyes and the audit trail see the
 * person behind it), with the token's roles that the owner still holds, restricted to the token's services if any.
 */
final class TokenAuthentication extends AbstractAuthenticationToken implements ServiceScope.Restricted {

  private final long tokenId;
  private final String tokenName;
  private final ApiTokens.Kind kind;
  private final String owner;
  private final Set<String> services;

  TokenAuthentication(long tokenId, String tokenName, ApiTokens.Kind kind, String owner, List<String> roles,
      Set<String> services) {
    super(roles.stream().map(SimpleGrantedAuthority::new).toList());
    this.tokenId = tokenId;
    this.tokenName = tokenName;
    this.kind = kind;
    this.owner = owner;
    this.services = services;
    setAuthenticated(true);
  }

  long tokenId() {
    return tokenId;
  }

  String tokenName() {
    return tokenName;
  }

  ApiTokens.Kind kind() {
    return kind;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return owner;
  }

  @Override
  public String getName() {
    return owner;
  }

  @Override
  public Set<String> services() {
    return services;
  }

  @Override
  public String credential() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " token '" + tokenName + "'";
  }
}
