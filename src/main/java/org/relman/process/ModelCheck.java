package org.relman.process;

import java.util.List;

/**
 * A check of the models before relman deploys them: what the engine would accept but relman could not run (a step no
 * worker serves, a form whose fields relman does not read, a risk policy naming an approval nobody can give). Any
 * problem stops the start with one line per problem naming the file and the element, so a process owner learns about
 * a broken edit when it is deployed, not when a release reaches it. The tests run the same checks.
 */
public interface ModelCheck {

  /** The problems in the one model deployed under {@code name} (e.g. {@code bpmn/risk-policy.dmn}); empty when fine. */
  default List<String> problems(String name, byte[] model) {
    return List.of();
  }

  /**
   * The problems only the models together show (a topic no worker serves, a form reference that does not resolve),
   * each starting with the file and element it is about: {@code bpmn/release.bpmn (go-no-go): ...}.
   */
  default List<String> problems(ModelFiles models) {
    return List.of();
  }
}
