package org.relman.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.relman.RelmanProperties;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Single sign-on with an OpenID Connect provider ({@code relman.security.oidc}): the client relman's pages sign in
 * with, the decoder of the provider's access tokens on {@code /api}, and the one mapping from the provider's group claim
 * to relman's roles both use. The provider is asked for its configuration at the first sign-in, not at start-up, so
 * relman starts while the provider is down. People signed in this way are not in the engine's identity service: they
 * use relman's pages and API (Tasklist and Cockpit keep their own logins).
 */
@Component
class OidcSignIn {

  /** The registration id: the paths are {@code /oauth2/authorization/oidc} and {@code /login/oauth2/code/oidc}. */
  static final String REGISTRATION = "oidc";

  private final RelmanProperties.Oidc settings;
  private final Supplier<ClientRegistration> registration;
  private final Supplier<JwtDecoder> decoder;

  OidcSignIn(RelmanProperties properties) {
    this.settings = properties.security().oidc();
    if (settings.enabled()) {
      if (blank(settings.issuerUri()) || blank(settings.clientId())) {
        throw new IllegalStateException("relman.security.oidc.enabled needs relman.security.oidc.issuer-uri and"
            + " relman.security.oidc.client-id (docs/guides/tokens-and-sso.md)");
      }
      settings.roleMapping().forEach((group, role) -> {
        if (!Roles.PEOPLE.contains(role)) {
          throw new IllegalStateException("relman.security.oidc.role-mapping maps '" + group + "' to '" + role
              + "', which is not a role; roles are " + Roles.PEOPLE);
        }
      });
    }
    this.registration = SingletonSupplier.of(() -> ClientRegistrations.fromIssuerLocation(settings.issuerUri())
        .registrationId(REGISTRATION)
        .clientId(settings.clientId())
        .clientSecret(settings.clientSecret())
        .scope(settings.scopes())
        .userNameAttributeName(settings.usernameClaim())
        .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
        .build());
    this.decoder = SingletonSupplier.of(() -> {
      NimbusJwtDecoder jwt = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(settings.issuerUri());
      jwt.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(settings.issuerUri()),
          audience(blank(settings.audience()) ? settings.clientId() : settings.audience())));
      return jwt;
    });
  }

  boolean enabled() {
    return settings.enabled();
  }

  ClientRegistrationRepository clients() {
    return id -> REGISTRATION.equals(id) ? registration.get() : null;
  }

  JwtDecoder jwtDecoder() {
    return new SupplierJwtDecoder(decoder);
  }

  /** Bearer tokens for the resource server: not relman's own tokens, which {@link ApiTokenFilter} has signed in. */
  BearerTokenResolver bearerTokens() {
    DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
    return (HttpServletRequest request) -> {
      String token = standard.resolve(request);
      return token == null || token.startsWith(ApiTokens.API_PREFIX) || token.startsWith(ApiTokens.CALENDAR_PREFIX)
          ? null : token;
    };
  }

  /** A person signing in to the pages: named by the username claim, with the roles their groups map to. */
  OAuth2UserService<OidcUserRequest, OidcUser> users() {
    OidcUserService standard = new OidcUserService();
    return request -> {
      OidcUser user = standard.loadUser(request);
      Map<String, Object> claims = user.getClaims();
      String name = claims.get(settings.usernameClaim()) instanceof String ? settings.usernameClaim() : "sub";
      return new DefaultOidcUser(roles(claims.get(settings.groupsClaim())), user.getIdToken(), user.getUserInfo(), name);
    };
  }

  /** A caller on {@code /api} with the provider's access token. */
  AbstractAuthenticationToken toAuthentication(Jwt jwt) {
    String name = jwt.getClaimAsString(settings.usernameClaim());
    return new JwtAuthenticationToken(jwt, roles(jwt.getClaims().get(settings.groupsClaim())),
        name == null || name.isBlank() ? jwt.getSubject() : name);
  }

  /** The relman roles of a group claim: mapped groups, and groups named like a role; everything else is ignored. */
  Collection<GrantedAuthority> roles(Object claim) {
    Set<String> roles = new LinkedHashSet<>();
    if (claim instanceof Collection<?> groups) {
      for (Object group : groups) {
        String role = role(String.valueOf(group));
        if (role != null) {
          roles.add(role);
        }
      }
    } else if (claim instanceof String group && role(group) != null) {
      roles.add(role(group));
    }
    return roles.stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role)).toList();
  }

  private String role(String group) {
    String mapped = settings.roleMapping().get(group);
    String candidate = mapped != null ? mapped : group.startsWith("/") ? group.substring(1) : group;
    return Roles.PEOPLE.contains(candidate) ? candidate : null;
  }

  private static OAuth2TokenValidator<Jwt> audience(String audience) {
    OAuth2Error error = new OAuth2Error("invalid_token", "The token is not for relman (aud must name " + audience + ")",
        null);
    return jwt -> {
      List<String> audiences = jwt.getAudience();
      return audiences != null && audiences.contains(audience) ? OAuth2TokenValidatorResult.success()
          : OAuth2TokenValidatorResult.failure(error);
    };
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
