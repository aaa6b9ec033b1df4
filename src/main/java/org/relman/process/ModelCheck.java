package org.relman.process;

import java.util.List;

/**
 * A check of a model before relman deploys it: what the engine would accept but relman could not run (a risk policy
 * naming an approval nobody can give). Any problem stops the start with a message that names it, so a process owner
 * learns about a broken edit when it is deployed, not when a release reaches it.
 */
public interface ModelCheck {

  /** The problems in the model deployed under {@code name} (e.g. {@code bpmn/risk-policy.dmn}); empty when it is fine. */
  List<String> problems(String name, byte[] model);
}
