package org.relman.gate;

import org.relman.RelmanProperties;
import org.relman.release.ReleaseRequested;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A requested release gets its required gates, in the request's transaction: {@code relman.gates.required}, or
 * {@code relman.hotfix.gates} for a hotfix. CI may report them from then on, before the release waits for them.
 */
@Component
class RequiredGates {

  private final Gates gates;
  private final RelmanProperties properties;

  RequiredGates(Gates gates, RelmanProperties properties) {
    this.gates = gates;
    this.properties = properties;
  }

  @EventListener
  void requested(ReleaseRequested event) {
    var release = event.release();
    gates.createFor(release.id(), release.hotfix() ? properties.hotfix().gates() : properties.gates().required());
  }
}
