package org.relman.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.operaton.bpm.engine.task.Task;

/** The whole application for tests of relman's pages: releases brought to the steps the pages show. */
public abstract class PagesTestBase extends RelmanTestBase {

  /**
   * A release requested by {@code requester} whose gates passed with two failed tests and low coverage: the risk
   * policy asks QA to sign it off, so its "Approve release" task of kind qa-signoff is open.
   */
  protected long awaitingQaSignOff(String requester) {
    long id = requestRelease(requester, version("2035.1"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED", 120, 0, "71.5").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED", 300, 2, "55.25").status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    return id;
  }

  /** The release's open approval task of this kind (qa-signoff, security-review, cab-approval). */
  protected Task approvalTask(long id, String kind) {
    return taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("approve-release").list().stream()
        .filter(t -> kind.equals(taskService.getVariable(t.getId(), "taskKind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no open " + kind + " task of release " + id));
  }

  protected Api.Response reportGate(long id, String gate, String status, int total, int failed, String coverage) {
    String metrics = "{\"testsTotal\":" + total + ",\"testsFailed\":" + failed
        + (coverage == null ? "" : ",\"coverage\":" + coverage) + "}";
    return api(null).signedPost("/api/releases/" + id + "/gates/" + gate, "{\"status\":\"" + status
        + "\",\"summary\":\"" + gate + "\",\"url\":\"https://ci.example/" + gate + "\",\"metrics\":" + metrics + "}");
  }

  protected PageClient signedIn(String user) {
    return PageClient.signedIn(port, user);
  }
}
