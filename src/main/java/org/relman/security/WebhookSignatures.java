package org.relman.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import org.relman.RelmanProperties;
import org.relman.RuntimeMode;
import org.relman.shared.Db;
import org.relman.shared.NotAuthenticated;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * HMAC-SHA256 webhook signatures (API.md, "Machines"): {@code X-Relman-Signature: sha256=<hex>} over
 * {@code <X-Relman-Timestamp>.<request path>.<raw body>}. Each purpose has its secrets: gate reports
 * {@code relman.webhooks.gate-secret}, an environment's deploy and rollback webhooks and their callbacks its
 * {@code deploy.secret}, each falling back to {@code relman.webhooks.secret}. During a rotation a delivery signed with
 * the purpose's previous secret is accepted too; relman signs with the current one only. Stale deliveries (more than
 * {@code relman.webhooks.tolerance} off) and bad signatures are refused; an accepted delivery is remembered past the
 * window so it cannot be replayed, whichever of the purpose's secrets signed it.
 */
@Component
public class WebhookSignatures {

  public static final String TIMESTAMP = "X-Relman-Timestamp";
  public static final String SIGNATURE = "X-Relman-Signature";

  private final Keys shared;
  private final Keys gates;
  private final Map<String, Keys> environments = new HashMap<>();
  private final Duration tolerance;
  private final Clock clock;
  private final JdbcTemplate jdbc;

  WebhookSignatures(RuntimeMode mode, RelmanProperties properties, Clock clock, JdbcTemplate jdbc) {
    var webhooks = properties.webhooks();
    this.shared = new Keys("relman.webhooks.secret", mode.webhookSecret(), webhooks.previousSecret());
    this.gates = isSet(webhooks.gateSecret())
        ? new Keys("relman.webhooks.gate-secret", webhooks.gateSecret(), webhooks.previousGateSecret())
        : shared;
    for (int i = 0; i < properties.environments().size(); i++) {
      var environment = properties.environments().get(i);
      var deploy = environment.deploy();
      environments.put(environment.name(), isSet(deploy.secret())
          ? new Keys("relman.environments[" + i + "].deploy.secret", deploy.secret(), deploy.previousSecret())
          : shared);
    }
    this.tolerance = properties.webhooks().tolerance();
    this.clock = clock;
    this.jdbc = jdbc;
  }

  /**
   * Checks a gate report from CI ({@code relman.webhooks.gate-secret}, else {@code relman.webhooks.secret}); returns
   * the value to record with {@link #accept(String)}.
   */
  public String verifyGateReport(HttpServletRequest request, byte[] body) {
    return verify(request, body, gates, "gate reports");
  }

  /**
   * Checks a deploy target's callback for {@code environment} (its {@code deploy.secret}, else
   * {@code relman.webhooks.secret}); returns the value to record with {@link #accept(String)}.
   */
  public String verifyDeploymentCallback(HttpServletRequest request, byte[] body, String environment) {
    return verify(request, body, keys(environment), "the callbacks of environment '" + environment + "'");
  }

  /** The header value for a deploy or rollback webhook sent to {@code environment}'s target: its current secret. */
  public String signDeployWebhook(String environment, long timestamp, String path, byte[] body) {
    return keys(environment).current.sign(timestamp, path, body);
  }

  /** The header value for a delivery signed with the current {@code relman.webhooks.secret}: {@code sha256=<hex>}. */
  public String sign(long timestamp, String path, byte[] body) {
    return shared.current.sign(timestamp, path, body);
  }

  /** Remembers an accepted delivery in the caller's transaction; a second delivery with the same signature is refused. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void accept(String signature) {
    try {
      jdbc.update("INSERT INTO webhook_deliveries (signature, received_at) VALUES (?, ?)", signature, Db.param(clock.instant()));
    } catch (DuplicateKeyException e) {
      throw new NotAuthenticated("Replayed delivery: this signed request was already received");
    }
  }

  /** Signatures older than twice the window can no longer be replayed: their timestamp is stale by then. */
  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  public void forgetOldDeliveries() {
    jdbc.update("DELETE FROM webhook_deliveries WHERE received_at < ?", Db.param(clock.instant().minus(tolerance.multipliedBy(2))));
  }

  private Keys keys(String environment) {
    // an environment that is not configured has no deployments to call back for: the shared secret answers, and the
    // callback is then refused as unknown
    return environments.getOrDefault(environment, shared);
  }

  private String verify(HttpServletRequest request, byte[] body, Keys keys, String purpose) {
    String timestamp = request.getHeader(TIMESTAMP);
    String signature = request.getHeader(SIGNATURE);
    if (timestamp == null || signature == null) {
      throw new NotAuthenticated("Signed deliveries need the " + TIMESTAMP + " and " + SIGNATURE + " headers");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw new NotAuthenticated(TIMESTAMP + " must be unix seconds, got '" + timestamp + "'");
    }
    // compared as numbers: an absurd timestamp (Long.MIN_VALUE, say) is out of Instant's range, and stale all the same
    long now = clock.instant().getEpochSecond();
    if (seconds < now - tolerance.toSeconds() || seconds > now + tolerance.toSeconds()) {
      throw new NotAuthenticated("Stale delivery: " + TIMESTAMP + " " + seconds + " is more than " + tolerance.toSeconds()
          + " s away from relman's clock (" + now + ")");
    }
    String path = request.getRequestURI();
    byte[] given = signature.strip().getBytes(StandardCharsets.US_ASCII);
    boolean matches = false;
    for (Key key : keys.accepted()) {
      // every accepted secret is compared, each in constant time, so the time taken does not tell which one matched
      matches |= MessageDigest.isEqual(key.sign(seconds, path, body).getBytes(StandardCharsets.US_ASCII), given);
    }
    if (!matches) {
      throw new NotAuthenticated("Bad signature: " + SIGNATURE + " does not match the body, path and timestamp signed"
          + " with the secret of " + purpose);
    }
    // recorded as signed with the current secret: the same delivery signed with the previous one is the same delivery
    return keys.current.sign(seconds, path, body).substring("sha256=".length());
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  /** One HMAC secret; its bytes never leave this class. */
  private record Key(byte[] secret) {

    String sign(long timestamp, String path, byte[] body) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        mac.update((timestamp + "." + path + ".").getBytes(StandardCharsets.UTF_8));
        mac.update(body);
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String toString() {
      return "Key[***]";
    }
  }

  /** The secrets of one purpose: the current one, and during a rotation the previous one. */
  private static final class Keys {

    private final Key current;
    private final List<Key> accepted = new ArrayList<>();

    Keys(String key, String current, String previous) {
      if (!isSet(current)) {
        throw new IllegalStateException(key + " is not set");
      }
      this.current = new Key(current.getBytes(StandardCharsets.UTF_8));
      accepted.add(this.current);
      if (isSet(previous)) {
        accepted.add(new Key(previous.getBytes(StandardCharsets.UTF_8)));
      }
    }

    List<Key> accepted() {
      return accepted;
    }
  }
}
