package org.relman.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Element;

/**
 * The house rules for the models in {@code bpmn/} and {@code forms/} are production code ({@link ModelCheck}s, run by
 * {@link ModelDeployment} before every deployment): the models in the repository pass them, and a copy edited in each
 * way that breaks a rule is refused with a message naming the file and the element, before anything is deployed.
 */
class ModelConsistencyTest extends RelmanTestBase {

  @Autowired
  ModelDeployment deployment;
  @Autowired
  List<Worker> workers;
  @Autowired
  org.operaton.bpm.engine.RepositoryService engineRepository;
  @Autowired
  org.relman.task.TaskForms taskForms;

  @Test
  void theModelsPassEveryCheckStartUpRuns() {
    assertThat(deployment.problems(models())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a topic no worker serves                 | bpmn/release.bpmn | camunda:topic="collect-change-set"            | camunda:topic="collect-changeset"            | bpmn/release.bpmn (collect-change-set): no worker serves the topic 'collect-changeset'
      a delegate bean that does not exist      | bpmn/release.bpmn | ${assessRisk}                                 | ${assessRisks}                               | bpmn/release.bpmn (assess-risk): no bean 'assessRisks' for the delegate expression ${assessRisks}
      a bean in an expression that is missing  | bpmn/release.bpmn | ${releasePlan.approvalDue()}                  | ${releasePlans.approvalDue()}                | bpmn/release.bpmn (approve-release): no bean 'releasePlans'
      a form reference that does not resolve   | bpmn/release.bpmn | camunda:formRef="go-no-go"                    | camunda:formRef="go-nogo"                    | bpmn/release.bpmn (go-no-go): the form reference must be the task's id ('go-no-go') or a variant of it ('go-no-go-…'), not 'go-nogo'
      a form whose id is not its file name     | forms/go-no-go.form | "id": "go-no-go"                           | "id": "go-or-not"                            | forms/go-no-go.form (go-or-not): the form's id must be its file name, 'go-no-go'
      a form key relman reads renamed          | forms/go-no-go.form | "key": "reasoning"                         | "key": "why"                                 | forms/go-no-go.form (go-no-go): relman reads the fields [reasoning], which the form does not have
      a decision relman does not act on        | forms/go-no-go.form | "value": "CANCEL"                            | "value": "ABORT"                             | forms/go-no-go.form (go-no-go): the field 'decision' offers [ABORT], which relman does not act on
      a field condition that is not FEEL       | forms/go-no-go.form | "hide": "=decision                         | "hide": "=decision ((                        | forms/go-no-go.form (go-no-go): the condition '=decision (( != "RESCHEDULE"' of the form field 'newStart' cannot be evaluated
      a user task nobody may take              | bpmn/release.bpmn | camunda:candidateGroups="release-managers" camunda:dueDate="${taskDue.at('go-no-go')}" | camunda:dueDate="${taskDue.at('go-no-go')}" | bpmn/release.bpmn (go-no-go): a user task needs candidate groups
      a user task of a kind relman lacks       | bpmn/release.bpmn | id="post-mortem" name                         | id="lessons-learned" name                    | bpmn/release.bpmn (lessons-learned): relman has no task kind 'lessons-learned'
      a fork without its condition             | bpmn/release.bpmn | ${decision == 'RESCHEDULE'}                   | ''                                           | bpmn/release.bpmn (flow-reschedule): a flow out of gateway decision needs a condition
      a fork with a default flow               | bpmn/release.bpmn | name="Decision?"                              | name="Decision?" default="flow-cancel"       | bpmn/release.bpmn (decision): a gateway that forks takes no default flow
      a status that is not one of API.md       | bpmn/release.bpmn | value="SCHEDULED"                             | value="SHIPPED"                              | bpmn/release.bpmn (wait-for-planned-start): relman.status 'SHIPPED' is not a release status
      an end that leaves the release running   | bpmn/release.bpmn | value="COMPLETED"                             | value="DEPLOYING"                            | bpmn/release.bpmn (release-completed): a lifecycle that ends here must set relman.status to COMPLETED, ROLLED_BACK or CANCELLED, not DEPLOYING
      a step without a name                    | bpmn/release.bpmn | name="Assess risk"                            | name=""                                      | bpmn/release.bpmn (assess-risk): a businessRuleTask needs a name
      an error boundary that catches all       | bpmn/release.bpmn | errorRef="error-change-set-unavailable"       | ''                                           | an error boundary event must catch a named error with an error code
      a process that keeps history for ever    | bpmn/release.bpmn | camunda:historyTimeToLive="3650"              | ''                                           | bpmn/release.bpmn (release): a process needs a history time to live
      a step that is not drawn                 | bpmn/release.bpmn | bpmnElement="assess-risk"                     | bpmnElement="nothing"                        | bpmn/release.bpmn (assess-risk): is not drawn in the diagram
      a message relman sends that nobody gets  | bpmn/gates.bpmn   | name="gate-result"                            | name="gate-results"                          | relman sends the message 'gate-result', which no model defines
      a risk input reading no fact             | bpmn/risk-policy.dmn | <text>linesChanged</text>                  | <text>lineChanged</text>                     | bpmn/risk-policy.dmn: input 'Lines changed' reads 'lineChanged', which is no fact relman supplies
      a risk input of the wrong type           | bpmn/risk-policy.dmn | <text>linesChanged</text>                  | <text>"many"</text>                             | bpmn/risk-policy.dmn: the policy cannot be evaluated on a small quiet change
      a user task without a due date           | bpmn/release.bpmn | camunda:dueDate="${taskDue.at('go-no-go')}"  | ''                                           | bpmn/release.bpmn (go-no-go): a user task needs a due date
      a due date naming no setting             | bpmn/hotfix.bpmn  | ${taskDue.at('hotfix-go-no-go')}              | ${taskDue.at('hotfix-go-nogo')}              | bpmn/hotfix.bpmn (go-no-go): there is no setting relman.tasks.due.hotfix-go-nogo
      a user task nobody is reminded of        | bpmn/gates.bpmn   | attachedToRef="gate-failure"                  | attachedToRef="gate-passed"                  | bpmn/gates.bpmn (gate-failure): a user task needs a non-interrupting timer
      an overdue timer that interrupts         | bpmn/release.bpmn | name="Task overdue" cancelActivity="false" attachedToRef="post-mortem" | name="Task overdue" attachedToRef="post-mortem" | bpmn/release.bpmn (post-mortem-overdue): the overdue timer must not interrupt the task
      a task name that hides the release       | bpmn/release.bpmn | name="Write post-mortem: ${releaseLabel}"     | name="Write post-mortem"                     | bpmn/release.bpmn (post-mortem): a user task's name must say which release it is about
      a user task without candidate groups     | bpmn/gates.bpmn   | camunda:candidateGroups="release-managers"    | ''                                           | bpmn/gates.bpmn (gate-failure): a user task needs candidate groups
      a form that is not JSON                  | forms/post-mortem.form | "id": "post-mortem"                     | "id": post-mortem"                           | forms/post-mortem.form: is not a Camunda Form (JSON)
      """)
  void brokenEditIsRefusedBeforeDeploymentNamingTheFileAndTheElement(String edit, String file, String find,
      String replace, String expected) {
    Map<String, byte[]> models = models();
    String text = new String(models.get(file), StandardCharsets.UTF_8);
    assertThat(text).as("%s holds the text this edit changes", file).contains(find);
    models.put(file, text.replaceFirst(java.util.regex.Pattern.quote(find),
        java.util.regex.Matcher.quoteReplacement(replace)).getBytes(StandardCharsets.UTF_8));
    long deploymentsBefore = engineRepository.createDeploymentQuery().count();

    assertThatThrownBy(() -> deployment.refuseBroken(models)).as(edit)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("The models cannot be deployed; fix them in the Camunda Modeler:")
        .hasMessageContaining(expected);
    assertThat(engineRepository.createDeploymentQuery().count()).isEqualTo(deploymentsBefore);
  }

  @Test
  void anApprovalWithoutItsFormIsRefused() {
    Map<String, byte[]> models = models();
    models.remove("forms/security-review.form");

    assertThatThrownBy(() -> deployment.refuseBroken(models)).hasMessageContaining(
        "bpmn/release.bpmn (approve-release): the approval 'security' opens forms/security-review.form, which is missing");
  }

  @Test
  void everyProblemIsListedOnALineOfItsOwn() {
    Map<String, byte[]> models = models();
    String release = new String(models.get("bpmn/release.bpmn"), StandardCharsets.UTF_8)
        .replace("name=\"Assess risk\"", "name=\"\"").replace("${assessRisk}", "${assessRisks}");
    models.put("bpmn/release.bpmn", release.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> deployment.refuseBroken(models)).satisfies(e -> assertThat(e.getMessage().lines()
        .filter(line -> line.startsWith("  - bpmn/release.bpmn (assess-risk): "))).hasSize(2));
  }

  /** Beyond what start-up refuses: relman has no worker the models do not use, and no form no task opens. */
  @Test
  void everyWorkerServesATopicAndEveryFormIsOpenedByATask() {
    ModelFiles files = ModelFiles.of(models());
    Set<String> topics = new TreeSet<>();
    Set<String> forms = new TreeSet<>();
    for (Element task : files.elements("serviceTask")) {
      if ("external".equals(task.getAttributeNS(ModelFiles.CAMUNDA, "type"))) {
        topics.add(task.getAttributeNS(ModelFiles.CAMUNDA, "topic"));
      }
    }
    for (Element task : files.elements("userTask")) {
      String formRef = task.getAttributeNS(ModelFiles.CAMUNDA, "formRef");
      if (formRef.equals(BpmnConventions.FORM_OF_THE_APPROVAL)) {
        org.relman.approval.ApprovalKinds.taskKinds().forEach(kind -> forms.add("forms/" + kind + ".form"));
      } else {
        forms.add("forms/" + formRef + ".form");
      }
    }
    assertThat(new TreeSet<>(workers.stream().map(Worker::topic).toList())).isEqualTo(topics);
    assertThat(files.forms().keySet()).allMatch(forms::contains);
  }

  /**
   * The Camunda Modeler's templates ({@code .camunda/element-templates/}) offer every worker, every delegate and every
   * human step relman has, and what they write is what the models hold and the checks accept.
   */
  @Test
  void elementTemplatesOfferEveryWorkerDelegateAndHumanStepAsTheModelsUseThem() throws IOException {
    com.fasterxml.jackson.databind.JsonNode templates = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(java.nio.file.Path.of(".camunda/element-templates/relman.json").toFile());
    Map<String, Map<String, String>> byId = new TreeMap<>();
    for (com.fasterxml.jackson.databind.JsonNode template : templates) {
      assertThat(template.path("$schema").asText()).endsWith("/element-templates-json-schema/resources/schema.json");
      assertThat(template.path("name").asText()).startsWith("relman: ");
      assertThat(template.path("appliesTo")).isNotEmpty();
      Map<String, String> bindings = new TreeMap<>();
      template.path("properties").forEach(p -> bindings.put(p.path("binding").path("name").asText(), p.path("value").asText()));
      assertThat(byId.put(template.path("id").asText(), bindings)).as("template ids are unique").isNull();
    }
    Set<String> topics = new TreeSet<>();
    Set<String> delegates = new TreeSet<>();
    Set<String> formRefs = new TreeSet<>();
    byId.values().forEach(b -> {
      if ("external".equals(b.get("camunda:type"))) {
        topics.add(b.get("camunda:topic"));
      }
      if (b.containsKey("camunda:delegateExpression")) {
        delegates.add(b.get("camunda:delegateExpression"));
      }
      if (b.containsKey("camunda:formRef")) {
        formRefs.add(b.get("camunda:formRef"));
        assertThat(b).containsEntry("camunda:formRefBinding", "deployment").containsKey("camunda:candidateGroups");
      }
    });
    assertThat(topics).as("a template per worker").isEqualTo(new TreeSet<>(workers.stream().map(Worker::topic).toList()));
    assertThat(formRefs).as("a template per human step").containsAll(taskForms.kinds());
    assertThat(formRefs).as("each template's form is a task kind's or a variant of it (go-no-go-hotfix)")
        .allMatch(ref -> taskForms.kinds().stream().anyMatch(kind -> ref.equals(kind) || ref.startsWith(kind + "-")));
    formRefs.forEach(kind -> assertThat(java.nio.file.Path.of("forms", kind + ".form")).exists());
    ModelFiles files = ModelFiles.of(models());
    for (String type : List.of("serviceTask", "businessRuleTask")) {
      for (Element step : files.elements(type)) {
        String delegate = step.getAttributeNS(ModelFiles.CAMUNDA, "delegateExpression");
        if (!delegate.isEmpty()) {
          assertThat(delegates).as("a template for %s", ModelFiles.where(step)).contains(delegate);
        }
      }
    }
    for (Element task : files.elements("userTask")) {
      String formRef = task.getAttributeNS(ModelFiles.CAMUNDA, "formRef");
      if (formRefs.contains(formRef)) {
        assertThat(byId.get("org.relman.task." + formRef)).as("template of %s", ModelFiles.where(task))
            .containsEntry("camunda:candidateGroups", task.getAttributeNS(ModelFiles.CAMUNDA, "candidateGroups"));
      }
    }
  }

  /** The models as start-up reads them from the class path, by deployment name. */
  private static Map<String, byte[]> models() {
    Map<String, byte[]> models = new TreeMap<>();
    ModelDeployment.models().forEach((name, resource) -> {
      try (InputStream in = resource.getInputStream()) {
        models.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return models;
  }
}
