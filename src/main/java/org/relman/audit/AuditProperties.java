package org.relman.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relman.audit.*}: how many events verification reads per query (its memory does not grow beyond one page).
 *
 * @param verifyPageSize audit events {@code GET /api/audit/verify} reads per query (1–100000); its memory is one page,
 *     whatever the length of the chain
 */
@ConfigurationProperties("relman.audit")
public record AuditProperties(@DefaultValue("1000") int verifyPageSize) {

  public AuditProperties {
    if (verifyPageSize < 1 || verifyPageSize > 100_000) {
      throw new IllegalArgumentException("relman.audit.verify-page-size must be between 1 and 100000, not " + verifyPageSize);
    }
  }
}
