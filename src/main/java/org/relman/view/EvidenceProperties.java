package org.relman.view;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much of a deployment's output the release view and the evidence bundle carry; the whole output is served by
 * {@code GET /api/releases/{id}/deployments/{deploymentId}/output}.
 *
 * @param outputExcerpt characters of each deployment's output the release view and an evidence bundle carry (the
 *     first quarter and the last three quarters; at least 100)
 */
@ConfigurationProperties("relman.evidence")
public record EvidenceProperties(@DefaultValue("2000") int outputExcerpt) {

  public EvidenceProperties {
    if (outputExcerpt < 100) {
      throw new IllegalArgumentException("relman.evidence.output-excerpt must be at least 100 characters, not " + outputExcerpt);
    }
  }
}
