package org.relman.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.runtime.Job;
import org.relman.testing.Api;
import org.relman.testing.AsyncContinuations;
import org.relman.testing.PageSession;
import org.relman.testing.RelmanTestBase;

/**
 * A gate report is a short transaction: it stores the report and wakes the gate, and CI gets its answer; the steps
 * after it (the gates' end, the calendar check, the risk assessment, the approvals) run as an asynchronous
 * continuation, a job. When one of them fails, the job is retried and then becomes an incident that the release view
 * and the release page show; CI never sees the failure. Here the calendar check fails on a freeze whose recurrence was
 * damaged in the database by hand.
 */
class ShortGateTransactionTest extends RelmanTestBase {

  @Test
  void stepFailingAfterTheLastGateReportIsRetriedThenAnIncidentWhileCiGets202() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    workers().run("collect-change-set", id);
    String service = release(id).get("services").get(0).asText();
    Api.Response freeze = api("alice").post("/api/freezes", Map.of("name", "Damaged freeze", "recurrence",
        Map.of("cron", "0 0 18 * * FRI", "duration", "PT2H", "zone", "Europe/Berlin"), "services", List.of(service)));
    assertThat(freeze.status()).as("%s", freeze).isEqualTo(201);
    long freezeId = freeze.json().get("id").asLong();
    jdbc.update("UPDATE freezes SET cron = 'every friday evening' WHERE id = ?", freezeId);
    try {
      assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);

      Api.Response last = reportGate(id, "tests", "PASSED");

      assertThat(last.status()).as("CI's answer: %s", last).isEqualTo(202);
      assertThat(last.json().get("releaseWaiting").asBoolean()).isTrue();
      JsonNode view = release(id);
      assertThat(view.get("gates").findValuesAsText("status")).as("the reports are stored")
          .containsExactly("PASSED", "PASSED");
      assertThat(view.get("incidents")).as("%s", view.get("incidents")).singleElement().satisfies(incident -> {
        assertThat(incident.get("message").asText()).contains("every friday evening");
        assertThat(incident.get("step").asText()).isNotBlank();
      });
      List<Job> failed = jobs(id, jobs -> jobs.withException());
      assertThat(failed).singleElement().satisfies(job -> assertThat(job.getRetries()).as("retried until none left")
          .isZero());
      assertThat(status(id)).isEqualTo("GATING");
      assertThat(PageSession.as(port, "alice").get("/releases/" + id).body()).contains("every friday evening");

      // an operator repairs the freeze and retries the job (Cockpit's "retry"): the release goes on from there
      jdbc.update("UPDATE freezes SET cron = '0 0 18 * * FRI' WHERE id = ?", freezeId);
      management.setJobRetries(failed.get(0).getId(), 1);
      AsyncContinuations.runAll(management);
    } finally {
      jdbc.update("UPDATE freezes SET cron = '0 0 18 * * FRI' WHERE id = ?", freezeId);
    }
    JsonNode repaired = release(id);
    assertThat(repaired.get("incidents")).isEmpty();
    assertThat(repaired.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(task(id, "go-no-go")).isNotNull();
  }

  @Test
  void taskCompletionReturnsOnceTheDecisionIsStoredAndTheStepsAfterItRunAsAJob() {
    long id = atGoNoGo("erin");
    String goNoGo = task(id, "go-no-go").getId();

    // completed through the engine, as the API does, without running the continuation: the decision alone is stored
    identityService.setAuthentication("alice", List.of("release-managers"));
    try {
      taskService.complete(goNoGo, Map.of("decision", "GO", "reasoning", "Gates green, the job runs the rest"));
    } finally {
      identityService.clearAuthentication();
    }
    assertThat(jobs(id, jobs -> jobs.messages())).as("the steps after the decision wait as a job").hasSize(1);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");

    AsyncContinuations.runAll(management);

    assertThat(status(id)).isEqualTo("SCHEDULED");
  }

  @Test
  void incidentInACalledProcessShowsInTheReleaseViewNamedByItsCauseAndGoesWhenResolved() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    workers().run("collect-change-set", id);
    String lifecycle = processInstanceId(id);
    String gates = processInstanceIds(id).stream().filter(instance -> !instance.equals(lifecycle)).findFirst()
        .orElseThrow(() -> new AssertionError("the release waits in its gates process"));
    String waiting = runtime.createExecutionQuery().processInstanceId(gates).activityId("await-gate-result").list()
        .get(0).getId();
    var cause = runtime.createIncident("gateStore", waiting, "gate-store", "Gate store unreachable: connection refused");
    try {
      assertThat(runtime.createIncidentQuery().processInstanceId(lifecycle).count())
          .as("the engine raised it on the call activity too").isEqualTo(1);

      JsonNode incidents = release(id).get("incidents");

      assertThat(incidents).as("%s", incidents).singleElement().satisfies(incident -> {
        assertThat(incident.get("message").asText()).isEqualTo("Gate store unreachable: connection refused");
        assertThat(incident.get("step").asText()).as("the step in the called process, not the call activity")
            .isEqualTo("await-gate-result");
      });
    } finally {
      runtime.resolveIncident(cause.getId());
    }
    assertThat(release(id).get("incidents")).isEmpty();
  }
}
