package org.relman.view;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relman.evidence.output-excerpt}: how many characters of each deployment's output an evidence bundle
 * and the release view carry (the first quarter and the last three quarters; the whole output is served on its own).
 */
@ConfigurationProperties("relman.evidence")
public record EvidenceProperties(@DefaultValue("2000") int outputExcerpt) {

  public EvidenceProperties {
    if (outputExcerpt < 100) {
      throw new IllegalArgumentException("relman.evidence.output-excerpt must be at least 100 characters, not " + outputExcerpt);
    }
  }
}
