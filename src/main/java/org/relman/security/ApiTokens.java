package org.relman.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.identity.Group;
import org.relman.RelmanProperties;
import org.relman.audit.AuditedEvent;
import org.relman.shared.Db;
import org.relman.shared.FieldProblem;
import org.relman.shared.InvalidInput;
import org.relman.shared.NotFound;
import org.relman.shared.NotPermitted;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The credentials relman issues itself: personal and service API tokens ({@code Authorization: Bearer} on
 * {@code /api}) and calendar feed tokens ({@code GET /api/calendar.ics?token=}). A token is 32 random bytes, shown once;
 * only its SHA-256 is stored (a token has too much entropy to be guessed, so a slow hash would add nothing but
 * latency). A token acts as the person who created it, with at most the roles it was given and that person still
 * holds: whoever leaves a group takes their tokens' use of it along, and four eyes sees the person behind every token.
 */
@Component
public class ApiTokens {

  /** The prefix of API tokens, so a leaked one is recognisable (secret scanners) and told from other bearer tokens. */
  static final String API_PREFIX = "relman_";
  /** The prefix of calendar feed tokens, which open the calendar feed alone. */
  static final String CALENDAR_PREFIX = "relcal_";

  private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]{1,64}");
  private static final int MAX_NAME = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a token is for. */
  public enum Kind {
    /** A person's own token, for scripts; any of the person's roles. */
    PERSONAL,
    /** A token for CI, restricted to the releases of some services; created by release managers. */
    SERVICE,
    /** Reads the person's calendar feed and nothing else. */
    CALENDAR
  }

  /** What {@code POST /api/tokens} takes. */
  public record TokenRequest(String name, Instant expiresAt, List<String> roles, List<String> services) {}

  /** A token as its owner sees it: never the secret. */
  public record TokenView(long id, String name, String kind, List<String> roles, List<String> services,
      String createdBy, Instant createdAt, Instant expiresAt, Instant lastUsedAt, long uses, Instant revokedAt,
      String status) {}

  /** A token as {@code POST /api/tokens} answers it: the only time {@code token} is shown. */
  public record CreatedToken(long id, String name, String kind, List<String> roles, List<String> services,
      String createdBy, Instant createdAt, Instant expiresAt, String token) {}

  /** One row of {@code api_tokens}. */
  record Stored(long id, Kind kind, String name, String owner, List<String> roles, List<String> services,
      Instant createdAt, Instant expiresAt, Instant revokedAt, String revokedBy, Instant lastUsedAt, long uses) {

    boolean expired(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }

    String status(Instant now) {
      return revokedAt != null ? "REVOKED" : expired(now) ? "EXPIRED" : "ACTIVE";
    }
  }

  record TokenCreated(String actor, long tokenId, String name, String kind, List<String> roles, List<String> services,
      Instant expiresAt) implements AuditedEvent {
    @Override
    public Long releaseId() {
      return null;
    }

    @Override
    public String action() {
      return "token.created";
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("tokenId", tokenId);
      details.put("name", name);
      details.put("kind", kind);
      details.put("roles", roles);
      details.put("services", services);
      details.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
      return details;
    }
  }

  record TokenRevoked(String actor, long tokenId, String name, String kind, String owner) implements AuditedEvent {
    @Override
    public Long releaseId() {
      return null;
    }

    @Override
    public String action() {
      return "token.revoked";
    }

    @Override
    public Map<String, Object> details() {
      return Map.of("tokenId", tokenId, "name", name, "kind", kind, "owner", owner);
    }
  }

  record TokenUsed(String actor, long tokenId, String name, String method, String path, int status)
      implements AuditedEvent {
    @Override
    public Long releaseId() {
      return null;
    }

    @Override
    public String action() {
      return "token.used";
    }

    @Override
    public Map<String, Object> details() {
      return Map.of("tokenId", tokenId, "name", name, "method", method, "path", path, "status", status);
    }
  }

  private final JdbcTemplate jdbc;
  private final IdentityService identity;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Duration maxLifetime;

  ApiTokens(JdbcTemplate jdbc, IdentityService identity, ApplicationEventPublisher events, Clock clock,
      RelmanProperties properties) {
    this.jdbc = jdbc;
    this.identity = identity;
    this.events = events;
    this.clock = clock;
    this.maxLifetime = properties.security().tokens().maxLifetime();
  }

  // ---------------------------------------------------------------------------------------------- API tokens

  /** What is wrong with a request on its own (tolerates null fields): 400, naming each field. */
  List<FieldProblem> problems(TokenRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    if (request.name() == null || request.name().isBlank()) {
      problems.add(new FieldProblem("name", "is required: what the token is for, e.g. ci-payments"));
    } else if (request.name().strip().length() > MAX_NAME || request.name().chars().anyMatch(Character::isISOControl)) {
      problems.add(new FieldProblem("name", "must be at most " + MAX_NAME + " characters, without control characters"));
    }
    Instant now = clock.instant();
    if (request.expiresAt() == null) {
      problems.add(new FieldProblem("expiresAt", "is required: every token expires (at most " + maxLifetime.toDays()
          + " days ahead)"));
    } else if (!request.expiresAt().isAfter(now)) {
      problems.add(new FieldProblem("expiresAt", "must be in the future"));
    } else if (request.expiresAt().isAfter(now.plus(maxLifetime))) {
      problems.add(new FieldProblem("expiresAt", "may be at most " + maxLifetime.toDays()
          + " days ahead (relman.security.tokens.max-lifetime)"));
    }
    if (request.roles() == null || request.roles().isEmpty()) {
      problems.add(new FieldProblem("roles", "is required: one or more of " + Roles.PEOPLE));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < request.roles().size(); i++) {
        String role = request.roles().get(i);
        if (role == null || !Roles.PEOPLE.contains(role)) {
          problems.add(new FieldProblem("roles[" + i + "]", "is not a role; roles are " + Roles.PEOPLE));
        } else if (!seen.add(role)) {
          problems.add(new FieldProblem("roles[" + i + "]", "is named twice"));
        }
      }
    }
    if (request.services() != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < request.services().size(); i++) {
        String service = request.services().get(i);
        if (service == null || !SERVICE.matcher(service).matches()) {
          problems.add(new FieldProblem("services[" + i + "]", "must match [a-z0-9-]{1,64}"));
        } else if (!seen.add(service)) {
          problems.add(new FieldProblem("services[" + i + "]", "is named twice"));
        }
      }
    }
    return problems;
  }

  /**
   * Creates a token for {@code caller}: roles it holds itself, services only for release managers (a service token).
   * A token cannot create tokens: that would let a leaked token outlive its own expiry.
   */
  @Transactional
  public CreatedToken create(TokenRequest request, Authentication caller) {
    List<FieldProblem> problems = problems(request);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    refuseTokens(caller, "create tokens");
    // held now, and in the identity service a token's use is checked against (people signed in with OIDC are not)
    Set<String> held = Roles.held(authorities(caller));
    held.retainAll(Roles.held(groupsOf(caller.getName())));
    List<String> overreaching = request.roles().stream().filter(role -> !held.contains(role)).toList();
    if (!overreaching.isEmpty()) {
      throw new NotPermitted(caller.getName() + " is not in " + overreaching + ": a token's roles must be roles its"
          + " creator holds in the engine's identity service (a release manager may also give engineers)");
    }
    List<String> services = request.services() == null ? List.of() : List.copyOf(request.services());
    Kind kind = services.isEmpty() ? Kind.PERSONAL : Kind.SERVICE;
    if (kind == Kind.SERVICE && !held.contains(Roles.RELEASE_MANAGERS)) {
      throw new NotPermitted("Service tokens (a token restricted to services) are created by release managers;"
          + " leave services out for a personal token");
    }
    String secret = API_PREFIX + randomSecret();
    Stored stored = insert(kind, request.name().strip(), caller.getName(), request.roles(), services, request.expiresAt(),
        secret);
    events.publishEvent(new TokenCreated(caller.getName(), stored.id(), stored.name(), kind.name(), stored.roles(),
        services, stored.expiresAt()));
    return new CreatedToken(stored.id(), stored.name(), kind.name(), stored.roles(), services, stored.owner(),
        stored.createdAt(), stored.expiresAt(), secret);
  }

  /** The caller's own API tokens, newest first; never a secret. */
  public List<TokenView> own(Authentication caller) {
    Instant now = clock.instant();
    return jdbc.query("SELECT * FROM api_tokens WHERE owner = ? AND kind <> ? ORDER BY id DESC", ApiTokens::stored,
        caller.getName(), Kind.CALENDAR.name()).stream()
        // user ids match as stored, also where the database compares them without case (MySQL)
        .filter(token -> token.owner().equals(caller.getName()))
        .map(token -> view(token, now)).toList();
  }

  /**
   * Every service token, for the release managers and administrators who may revoke them (CI's tokens outlive a
   * person's job); never a secret.
   */
  public List<TokenView> services(Authentication caller) {
    Set<String> held = authorities(caller);
    if (!held.contains(Roles.RELEASE_MANAGERS) && !held.contains(Roles.ADMINS)) {
      throw new NotPermitted("Every service token is listed to release managers and administrators; "
          + caller.getName() + " sees their own (GET /api/tokens)");
    }
    Instant now = clock.instant();
    return jdbc.query("SELECT * FROM api_tokens WHERE kind = ? ORDER BY id DESC", ApiTokens::stored,
        Kind.SERVICE.name()).stream().map(token -> view(token, now)).toList();
  }

  /**
   * Revokes a token: its owner, a release manager for a service token (CI's tokens outlive a person's job), an
   * administrator any. Revoking a revoked token changes nothing. Tokens do not revoke tokens.
   */
  @Transactional
  public void revoke(long id, Authentication caller) {
    refuseTokens(caller, "revoke tokens");
    Stored token = find(id).filter(t -> t.kind() != Kind.CALENDAR).filter(t -> mayRevoke(t, caller))
        .orElseThrow(() -> new NotFound("Token " + id + " does not exist or is not yours"));
    if (token.revokedAt() != null) {
      return;
    }
    markRevoked(token, caller.getName());
  }

  private boolean mayRevoke(Stored token, Authentication caller) {
    Set<String> held = authorities(caller);
    return token.owner().equals(caller.getName()) || held.contains(Roles.ADMINS)
        || token.kind() == Kind.SERVICE && held.contains(Roles.RELEASE_MANAGERS);
  }

  private static void refuseTokens(Authentication caller, String what) {
    if (caller instanceof TokenAuthentication token) {
      throw new NotPermitted("A token cannot " + what + " (" + token.credential() + "): sign in as a person");
    }
  }

  // ---------------------------------------------------------------------------------------------- using a token

  /**
   * The authentication an API token gives, or a {@link BadCredentialsException} saying why not: unknown, revoked,
   * expired, or its owner holds none of its roles any more.
   */
  TokenAuthentication authenticate(String secret) {
    if (secret == null || !secret.startsWith(API_PREFIX)) {
      throw new BadCredentialsException("Unknown token");
    }
    Stored token = findBySecret(secret).filter(t -> t.kind() != Kind.CALENDAR)
        .orElseThrow(() -> new BadCredentialsException("Unknown token"));
    checkUsable(token);
    Set<String> held = Roles.held(groupsOf(token.owner()));
    List<String> roles = token.roles().stream().filter(held::contains).toList();
    if (roles.isEmpty()) {
      throw new BadCredentialsException("Token '" + token.name() + "' has no role left: " + token.owner()
          + " is no longer in " + token.roles());
    }
    return new TokenAuthentication(token.id(), token.name(), token.kind(), token.owner(), roles,
        Set.copyOf(token.services()));
  }

  /**
   * Records a use: every use counts ({@code uses}, {@code lastUsedAt}, shown in {@code GET /api/tokens}); a use that
   * may change something (any method but GET and HEAD) is also an audit event {@code token.used} with the path and the
   * answer. Reads are not audited one by one: a CI job waiting for a release polls its status, and an event per poll
   * would bury the trail.
   */
  @Transactional
  void used(TokenAuthentication token, String method, String path, int status) {
    jdbc.update("UPDATE api_tokens SET last_used_at = ?, uses = uses + 1 WHERE id = ?", Db.param(Db.now(clock)),
        token.tokenId());
    if (!method.equals("GET") && !method.equals("HEAD")) {
      events.publishEvent(new TokenUsed(token.getName(), token.tokenId(), token.tokenName(), method, path, status));
    }
  }

  private void checkUsable(Stored token) {
    if (token.revokedAt() != null) {
      throw new BadCredentialsException("Token '" + token.name() + "' was revoked at " + token.revokedAt());
    }
    if (token.expired(clock.instant())) {
      throw new BadCredentialsException("Token '" + token.name() + "' expired at " + token.expiresAt());
    }
  }

  private List<String> groupsOf(String user) {
    return identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
  }

  // ---------------------------------------------------------------------------------------------- calendar feed tokens

  /** A person's calendar feed token as {@code GET /api/calendar/feed-token} shows it: never the secret. */
  public record FeedTokenView(boolean active, Long id, Instant createdAt, Instant lastUsedAt, long uses) {}

  /** A new calendar feed token: the only time {@code token} and the {@code url} with it are shown. */
  public record CreatedFeedToken(long id, Instant createdAt, String token, String url) {}

  /**
   * A new calendar feed token for the caller, replacing (revoking) the one it had: a person has one feed URL, and
   * making a new one is how a leaked one is shut.
   */
  @Transactional
  public CreatedFeedToken createFeedToken(Authentication caller, String baseUrl) {
    refuseTokens(caller, "create calendar feed tokens");
    activeFeedToken(caller.getName()).ifPresent(old -> markRevoked(old, caller.getName()));
    String secret = CALENDAR_PREFIX + randomSecret();
    Stored stored = insert(Kind.CALENDAR, "calendar feed", caller.getName(), List.of(), List.of(), null, secret);
    events.publishEvent(new TokenCreated(caller.getName(), stored.id(), stored.name(), Kind.CALENDAR.name(), List.of(),
        List.of(), null));
    return new CreatedFeedToken(stored.id(), stored.createdAt(), secret,
        baseUrl + "/api/calendar.ics?token=" + secret);
  }

  public FeedTokenView feedToken(Authentication caller) {
    return activeFeedToken(caller.getName())
        .map(t -> new FeedTokenView(true, t.id(), t.createdAt(), t.lastUsedAt(), t.uses()))
        .orElse(new FeedTokenView(false, null, null, null, 0));
  }

  /** Revokes the caller's calendar feed token; without one, nothing changes. */
  @Transactional
  public void revokeFeedToken(Authentication caller) {
    refuseTokens(caller, "revoke calendar feed tokens");
    activeFeedToken(caller.getName()).ifPresent(token -> markRevoked(token, caller.getName()));
  }

  /**
   * Who a calendar feed token reads the feed as: its owner, with the owner's groups of people today (a person removed
   * from every group reads nothing), or a {@link BadCredentialsException}.
   */
  Authentication authenticateFeed(String secret) {
    Stored token = (secret != null && secret.startsWith(CALENDAR_PREFIX) ? findBySecret(secret) : Optional.<Stored>empty())
        .filter(t -> t.kind() == Kind.CALENDAR)
        .orElseThrow(() -> new BadCredentialsException("Unknown calendar feed token"));
    checkUsable(token);
    List<String> groups = groupsOf(token.owner()).stream().filter(Roles.PEOPLE::contains).toList();
    if (groups.isEmpty()) {
      throw new BadCredentialsException("The calendar feed token's owner " + token.owner() + " has no role left");
    }
    jdbc.update("UPDATE api_tokens SET last_used_at = ?, uses = uses + 1 WHERE id = ?", Db.param(Db.now(clock)),
        token.id());
    return new TokenAuthentication(token.id(), token.name(), Kind.CALENDAR, token.owner(), groups, Set.of());
  }

  private Optional<Stored> activeFeedToken(String owner) {
    return jdbc.query("SELECT * FROM api_tokens WHERE owner = ? AND kind = ? AND revoked_at IS NULL ORDER BY id DESC",
        ApiTokens::stored, owner, Kind.CALENDAR.name()).stream().filter(t -> t.owner().equals(owner)).findFirst();
  }

  // ---------------------------------------------------------------------------------------------- storage

  private Stored insert(Kind kind, String name, String owner, List<String> roles, List<String> services,
      Instant expiresAt, String secret) {
    Instant now = Db.now(clock);
    Instant expires = expiresAt == null ? null : expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    var keys = new GeneratedKeyHolder();
    jdbc.update(connection -> {
      var statement = connection.prepareStatement("INSERT INTO api_tokens (kind, name, owner, secret_hash, roles,"
          + " services, created_at, expires_at, uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", new String[] {"id"});
      statement.setString(1, kind.name());
      statement.setString(2, name);
      statement.setString(3, owner);
      statement.setString(4, hash(secret));
      statement.setString(5, String.join(",", roles));
      statement.setString(6, String.join(",", services));
      statement.setString(7, Db.param(now));
      statement.setString(8, Db.param(expires));
      return statement;
    }, keys);
    long id = keys.getKey().longValue();
    return new Stored(id, kind, name, owner, List.copyOf(roles), List.copyOf(services), now, expires, null, null, null,
        0);
  }

  private void markRevoked(Stored token, String by) {
    jdbc.update("UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
        Db.param(Db.now(clock)), by, token.id());
    events.publishEvent(new TokenRevoked(by, token.id(), token.name(), token.kind().name(), token.owner()));
  }

  private Optional<Stored> find(long id) {
    return jdbc.query("SELECT * FROM api_tokens WHERE id = ?", ApiTokens::stored, id).stream().findFirst();
  }

  private Optional<Stored> findBySecret(String secret) {
    return jdbc.query("SELECT * FROM api_tokens WHERE secret_hash = ?", ApiTokens::stored, hash(secret)).stream()
        .findFirst();
  }

  private static Stored stored(ResultSet rs, int row) throws SQLException {
    return new Stored(rs.getLong("id"), Kind.valueOf(rs.getString("kind")), rs.getString("name"), rs.getString("owner"),
        split(rs.getString("roles")), split(rs.getString("services")), Db.instant(rs, "created_at"),
        Db.instant(rs, "expires_at"), Db.instant(rs, "revoked_at"), rs.getString("revoked_by"),
        Db.instant(rs, "last_used_at"), rs.getLong("uses"));
  }

  private static TokenView view(Stored token, Instant now) {
    return new TokenView(token.id(), token.name(), token.kind().name(), token.roles(), token.services(), token.owner(),
        token.createdAt(), token.expiresAt(), token.lastUsedAt(), token.uses(), token.revokedAt(), token.status(now));
  }

  private static List<String> split(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }

  /** The caller's groups (its authorities). */
  private static Set<String> authorities(Authentication caller) {
    Set<String> held = new HashSet<>();
    for (GrantedAuthority authority : caller.getAuthorities()) {
      held.add(authority.getAuthority());
    }
    return held;
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String secret) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
