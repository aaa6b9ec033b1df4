package org.relman.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The canonical form of an audit event and its chained hash: {@code hash = SHA-256(prevHash + "\n" + canonical)},
 * where canonical is the JSON array {@code [seq, at, releaseId, actor, action, details]}, {@code at} formatted with
 * {@link DateTimeFormatter#ISO_INSTANT} (millisecond precision, no fraction for a whole second) and {@code details} the
 * stored canonical JSON text (object keys sorted).
 */
public final class AuditChain {

  public static final String GENESIS = "0".repeat(64);

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  /** One digest per thread: looking the algorithm up for every event costs as much as hashing it. */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });
  private static final HexFormat HEX = HexFormat.of();

  private AuditChain() {}

  public static String canonicalDetails(Map<String, Object> details) {
    try {
      return CANONICAL.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details are not serialisable: " + e.getOriginalMessage(), e);
    }
  }

  public static String hash(String prevHash, long seq, Instant at, Long releaseId, String actor, String action, String details) {
    try {
      byte[] canonical = CANONICAL.writeValueAsBytes(new Object[] {
          seq, DateTimeFormatter.ISO_INSTANT.format(at), releaseId, actor, action, details});
      MessageDigest sha256 = SHA_256.get();
      sha256.reset();
      sha256.update(prevHash.getBytes(StandardCharsets.US_ASCII));
      sha256.update((byte) '\n');
      sha256.update(canonical);
      return HEX.formatHex(sha256.digest());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
