package org.relman.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.repository.DeploymentBuilder;
import org.operaton.bpm.engine.repository.DeploymentWithDefinitions;
import org.operaton.bpm.engine.repository.ProcessDefinition;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.Task;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The process owner edits only bpmn/risk-policy.dmn, and releases get other approvals: no Java changes. The edited
 * models are deployed the way relman deploys them at start-up (all of bpmn/ and forms/ as one deployment named
 * "relman", deployed again as a whole when anything changed), so the release process gets a new version that carries
 * the new policy. A context of its own (database and engine name), so no other test ever sees the edited policy; the
 * engine name must differ from "default" (or /engine-rest of the shared context would serve this engine) and may not
 * contain a hyphen (the starter ignores such names).
 */
@TestPropertySource(properties = {
    "spring.datasource.url=jdbc:h2:mem:relman-policy-edit-${relman.test.lane:0}"
        + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=512",
    "operaton.bpm.process-engine-name=policyedit"})
class RiskPolicyEditTest extends RelmanTestBase {

  private static final Path BPMN = Path.of("bpmn");
  private static final Path FORMS = Path.of("forms");
  private static final String POLICY = "risk-policy.dmn";
  private static final String CATCH_ALL = "Every release is at least low risk";

  @Autowired
  RepositoryService repositoryService;
  @Autowired
  ProcessEngine engine;

  @Test
  void editingOnlyTheDmnMakesALowRiskReleaseAskForQaSignOff() throws IOException {
    assertThat(engine.getName()).as("an engine of its own").isEqualTo("policyedit");
    ProcessDefinition original = latestReleaseProcess();
    long before = requestRelease("erin", version("2026.12"), repository(2));

    DeploymentWithDefinitions deployment = deployModelsWith(catchAllAsking("qa"));

    ProcessDefinition edited = latestReleaseProcess();
    assertThat(edited.getVersion()).as("the release process is deployed again with the policy")
        .isEqualTo(original.getVersion() + 1);
    assertThat(edited.getDeploymentId()).isEqualTo(deployment.getId());
    long after = requestRelease("erin", version("2026.12"), repository(2));
    assertThat(release(after).get("process").get("version").asInt()).isEqualTo(edited.getVersion());

    // the release started before the edit keeps the policy of its process version
    JsonNode unchanged = assessed(before);
    assertThat(unchanged.get("level").asText()).isEqualTo("LOW");
    assertThat(unchanged.get("requiredApprovals")).isEmpty();
    assertThat(unchanged.get("policy").asText()).isEqualTo(AssessRisk.DECISION + ":1");
    assertThat(approvalTasks(before)).isEmpty();
    assertThat(task(before, "go-no-go")).isNotNull();

    // the same kind of release, started after the edit, now needs QA's sign-off
    JsonNode changed = assessed(after);
    assertThat(changed.get("level").asText()).isEqualTo("LOW");
    assertThat(changed.get("requiredApprovals").toString()).isEqualTo("[\"qa\"]");
    assertThat(changed.get("policy").asText()).isEqualTo(AssessRisk.DECISION + ":2");
    assertThat(changed.get("facts")).as("same facts, other outcome").isEqualTo(unchanged.get("facts"));
    assertThat(approvalTasks(after)).containsExactly(Map.entry("qa-signoff", List.of("qa")));
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(after))
        .taskDefinitionKey("go-no-go").count()).as("go/no-go waits for QA").isZero();

    Task signOff = task(after, "approve-release");
    assertThat(complete("bob", signOff.getId(), Map.of("approved", true)).status()).isEqualTo(204);
    assertThat(release(after).get("approvals").findValuesAsText("kind")).containsExactly("qa-signoff");
    assertThat(task(after, "go-no-go")).isNotNull();
  }

  /** The policy with the catch-all rule asking for {@code approvals} as well. */
  private static String catchAllAsking(String approvals) throws IOException {
    String policy = Files.readString(BPMN.resolve(POLICY), StandardCharsets.UTF_8);
    Matcher rule = Pattern.compile("<rule id=\"([^\"]+)\">\\s*<description>" + CATCH_ALL + "</description>")
        .matcher(policy);
    assertThat(rule.find()).as("rule '%s' in %s", CATCH_ALL, POLICY).isTrue();
    String cell = "(<outputEntry id=\"" + Pattern.quote(rule.group(1)) + "-requiredApprovals\">\\s*<text>)(</text>)";
    Matcher empty = Pattern.compile(cell).matcher(policy);
    assertThat(empty.find()).as("the catch-all rule asks for no approvals").isTrue();
    String edited = empty.replaceFirst("$1\"" + approvals + "\"$2");
    assertThat(edited).isNotEqualTo(policy);
    return edited;
  }

  /** Deploys bpmn/ and forms/ as ModelDeployment does, with this text as the risk policy. */
  private DeploymentWithDefinitions deployModelsWith(String policy) throws IOException {
    DeploymentBuilder deployment = repositoryService.createDeployment().name("relman").source("relman")
        .enableDuplicateFiltering(false);
    for (Path folder : List.of(BPMN, FORMS)) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = folder.getFileName() + "/" + folder.relativize(file).toString().replace('\\', '/');
          if (file.getFileName().toString().equals(POLICY)) {
            deployment.addString(name, policy);
          } else {
            deployment.addInputStream(name, new ByteArrayInputStream(Files.readAllBytes(file)));
          }
        }
      }
    }
    return deployment.deployWithResult();
  }

  private ProcessDefinition latestReleaseProcess() {
    return repositoryService.createProcessDefinitionQuery().processDefinitionKey("release").latestVersion()
        .singleResult();
  }

  private JsonNode assessed(long id) {
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    JsonNode view = release(id);
    assertThat(view.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    return view.get("risk");
  }

  /** The release's open "Approve release" tasks: kind (the taskKind variable) to candidate groups. */
  private Map<String, List<String>> approvalTasks(long id) {
    Map<String, List<String>> tasks = new LinkedHashMap<>();
    for (Task task : taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("approve-release").list()) {
      tasks.put((String) taskService.getVariable(task.getId(), "taskKind"),
          taskService.getIdentityLinksForTask(task.getId()).stream()
              .filter(link -> "candidate".equals(link.getType())).map(IdentityLink::getGroupId).toList());
    }
    return tasks;
  }
}
