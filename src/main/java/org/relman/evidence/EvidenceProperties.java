package org.relman.evidence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relman.evidence.output-excerpt}: how many characters of each deployment's output an evidence bundle carries
 * (the first quarter and the last three quarters; the full output stays in the release view).
 *
 * @param outputExcerpt characters of each deployment's output an evidence bundle carries (the first quarter and the
 *     last three quarters; at least 100); the release view keeps the whole output
 */
@ConfigurationProperties("relman.evidence")
public record EvidenceProperties(@DefaultValue("2000") int outputExcerpt) {

  public EvidenceProperties {
    if (outputExcerpt < 100) {
      throw new IllegalArgumentException("relman.evidence.output-excerpt must be at least 100 characters, not " + outputExcerpt);
    }
  }
}
