package org.relman.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.relman.RuntimeMode;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.relman.shared.NotAuthenticated;

/**
 * HMAC-SHA256 webhook signatures (API.md, "Machines"): {@code X-Relman-Signature: sha256=<hex>} over
 * {@code <X-Relman-Timestamp>.<request path>.<raw body>} with {@code relman.webhooks.secret}. Stale deliveries (more
 * than {@code relman.webhooks.tolerance} off) and bad signatures are refused; an accepted signature is remembered past
 * the window so the same delivery cannot be replayed.
 */
@Component
public class WebhookSignatures {

  public static final String TIMESTAMP = "X-Relman-Timestamp";
  public static final String SIGNATURE = "X-Relman-Signature";

  private final byte[] secret;
  private final Duration tolerance;
  private final Clock clock;
  private final JdbcTemplate jdbc;

  WebhookSignatures(RuntimeMode mode, RelmanProperties properties, Clock clock, JdbcTemplate jdbc) {
    this.secret = mode.webhookSecret().getBytes(StandardCharsets.UTF_8);
    this.tolerance = properties.webhooks().tolerance();
    this.clock = clock;
    this.jdbc = jdbc;
  }

  /** Checks timestamp and signature of a delivery; returns the signature to record with {@link #accept(String)}. */
  public String verify(HttpServletRequest request, byte[] body) {
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
    String expected = sign(seconds, request.getRequestURI(), body);
    byte[] given = signature.strip().getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given)) {
      throw new NotAuthenticated("Bad signature: " + SIGNATURE + " does not match the body, path and timestamp");
    }
    return expected.substring("sha256=".length());
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

  /** The header value for a delivery: {@code sha256=<hex>}. Also what relman sends to webhook deploy targets. */
  public String sign(long timestamp, String path, byte[] body) {
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

  /** Signatures older than twice the window can no longer be replayed: their timestamp is stale by then. */
  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  public void forgetOldDeliveries() {
    jdbc.update("DELETE FROM webhook_deliveries WHERE received_at < ?", Db.param(clock.instant().minus(tolerance.multipliedBy(2))));
  }
}
