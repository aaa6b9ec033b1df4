package org.relman.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.task.Task;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;
import org.relman.process.BusinessKey;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The forms in {@code forms/} are the source of each field's rules: a process owner who adds a field to a form, with
 * its rules, changes what every door accepts without a Java change. Proven on an edited copy of the review form,
 * deployed on its own with a probe process whose one task is a review of a real release.
 */
class FormRulesTest extends RelmanTestBase {

  @Autowired
  RepositoryService repository;

  private final ObjectMapper json = new ObjectMapper();
  private long releaseId;
  private Task review;

  /** The review form as a process owner edited it: a required impact (closed list), details unless NONE, a link. */
  @BeforeEach
  void deployEditedReviewForm() throws Exception {
    ObjectNode form = (ObjectNode) json.readTree(java.nio.file.Path.of("forms/post-release-review.form").toFile());
    ArrayNode components = (ArrayNode) form.get("components");
    components.add(json.readTree("""
        {"id": "impact", "key": "customerImpact", "label": "Customer impact", "type": "select",
         "values": [{"label": "None", "value": "NONE"}, {"label": "Some", "value": "SOME"}],
         "validate": {"required": true}}"""));
    components.add(json.readTree("""
        {"id": "details", "key": "impactDetails", "label": "What customers saw", "type": "textfield",
         "validate": {"required": true, "minLength": 5}, "conditional": {"hide": "=customerImpact = \\"NONE\\""}}"""));
    components.add(json.readTree("""
        {"id": "dashboard", "key": "dashboardUrl", "label": "Dashboard", "type": "textfield",
         "validate": {"maxLength": 200, "pattern": "https://.+"}}"""));
    components.add(json.readTree("""
        {"id": "minutes", "key": "minutesOfImpact", "label": "Minutes", "type": "number",
         "validate": {"min": 0, "max": 1440}}"""));
    String key = "form-probe-" + System.nanoTime();
    BpmnModelInstance probe = Bpmn.createExecutableProcess(key).operatonHistoryTimeToLive(1).startEvent()
        .userTask("post-release-review").name("Review release").operatonFormRef("post-release-review")
        .operatonFormRefBinding("deployment").operatonCandidateGroups("release-managers").endEvent().done();
    repository.createDeployment().name(key).addModelInstance(key + ".bpmn", probe)
        .addString("post-release-review.form", json.writeValueAsString(form)).deploy();
    // a requested release whose lifecycle is the probe: its own lifecycle instance goes, so the probe may start
    releaseId = requestRelease("alice", version("7.7"), repository(1));
    runtime.deleteProcessInstance(processInstanceId(releaseId), "the probe is this release's lifecycle");
    jdbc.update("UPDATE releases SET process_instance_id = NULL, status = 'PLANNING' WHERE id = ?", releaseId);
    runtime.startProcessInstanceByKey(key, BusinessKey.of(releaseId));
    review = taskService.createTaskQuery().processDefinitionKey(key).singleResult();
  }

  @Test
  void fieldsTheProcessOwnerAddedAreCheckedAtRelmansApiWithTheFormsRules() {
    Api.Response missing = complete("rita", review.getId(), Map.of("summary", "Quiet"));
    assertThat(missing.status()).as("%s", missing).isEqualTo(400);
    assertThat(missing.body()).contains("variables.customerImpact", "is required", "variables.impactDetails");

    Api.Response wrong = complete("rita", review.getId(), values("summary", "Quiet", "customerImpact", "ALL",
        "impactDetails", "x", "dashboardUrl", "ftp://dash", "minutesOfImpact", 2000));
    assertThat(wrong.status()).as("%s", wrong).isEqualTo(400);
    assertThat(wrong.body()).contains("must be one of [NONE, SOME], got 'ALL'", "must be at least 5 characters",
        "must match the pattern https://.+", "must be at most 1440");
    assertThat(taskService.createTaskQuery().taskId(review.getId()).count()).as("nothing changed").isEqualTo(1);

    Api.Response done = complete("rita", review.getId(), values("summary", "Quiet", "customerImpact", "SOME",
        "impactDetails", "Slow checkout for 3 minutes", "dashboardUrl", "https://grafana.example/d/1",
        "minutesOfImpact", 3));
    assertThat(done.status()).as("%s", done).isEqualTo(204);
    var stored = history.createHistoricVariableInstanceQuery().processInstanceId(review.getProcessInstanceId())
        .variableName("impactDetails").singleResult();
    assertThat(stored.getValue()).isEqualTo("Slow checkout for 3 minutes");
  }

  @Test
  void aFieldHiddenByItsConditionIsNeitherRequiredNorKept() {
    Api.Response done = complete("rita", review.getId(), values("summary", "Quiet", "customerImpact", "NONE",
        "impactDetails", "ignored because hidden", "minutesOfImpact", "12"));
    assertThat(done.status()).as("%s", done).isEqualTo(204);
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(review.getProcessInstanceId())
        .variableName("minutesOfImpact").singleResult().getValue()).as("a number given as text, kept as a number")
        .isEqualTo(12L);
    var details = history.createHistoricVariableInstanceQuery().processInstanceId(review.getProcessInstanceId())
        .variableName("impactDetails").singleResult();
    assertThat(details == null ? null : details.getValue()).isNull();
  }

  @Test
  void engineRestKeepsTheSameRules() {
    Api rita = api("rita");
    Api.Response refused = rita.send(rita.request("/engine-rest/task/" + review.getId() + "/complete")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
            {"variables": {"summary": {"value": "Quiet"}, "customerImpact": {"value": "ALL"},
             "surprise": {"value": "not a field"}}}""", StandardCharsets.UTF_8)));
    assertThat(refused.status()).as("%s", refused).isEqualTo(400);
    assertThat(refused.body()).contains("customerImpact", "must be one of [NONE, SOME]", "surprise",
        "is not a field of the form 'post-release-review'");

    Api.Response done = rita.send(rita.request("/engine-rest/task/" + review.getId() + "/complete")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
            {"variables": {"summary": {"value": "Quiet"}, "customerImpact": {"value": "NONE"}}}""",
            StandardCharsets.UTF_8)));
    assertThat(done.status()).as("%s", done).isEqualTo(204);
  }

  private static Map<String, Object> values(Object... pairs) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return values;
  }
}
