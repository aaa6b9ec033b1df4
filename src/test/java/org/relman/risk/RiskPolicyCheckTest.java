package org.relman.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The risk policy as shipped passes the deployment check, and each edit a process owner could get wrong in the Modeler
 * is reported with the row and what relman expects, before anything is deployed.
 */
class RiskPolicyCheckTest {

  private static final String NAME = "bpmn/risk-policy.dmn";
  private static String policy;
  private final RiskPolicyCheck check = new RiskPolicyCheck();

  @BeforeAll
  static void readPolicy() throws IOException {
    policy = Files.readString(Path.of(NAME));
  }

  @Test
  void shippedPolicyHasNoProblems() {
    assertThat(check.problems(NAME, bytes(policy))).isEmpty();
  }

  @Test
  void approvalNobodyCanGiveIsReportedWithItsRow() {
    String edited = policy.replaceFirst("\"security,cab\"", "\"security,legal\"");

    assertThat(check.problems(NAME, bytes(edited))).singleElement().asString()
        .contains("rule 1", "Touches sensitive paths", "'legal'", "[qa, security, cab]");
  }

  @Test
  void unknownLevelIsReported() {
    String edited = policy.replace("<text>\"CRITICAL\"</text>", "<text>\"SEVERE\"</text>");

    assertThat(check.problems(NAME, bytes(edited))).singleElement().asString()
        .contains("rule 2", "\"SEVERE\"", "\"LOW\", \"MEDIUM\", \"HIGH\", \"CRITICAL\"");
  }

  @Test
  void approvalsNotWrittenAsOneQuotedListAreReported() {
    String edited = policy.replaceFirst("\"security,cab\"", "security");

    assertThat(check.problems(NAME, bytes(edited))).singleElement().asString()
        .contains("rule 1", "one quoted, comma-separated list");
  }

  @Test
  void inputReadingAFactRelmanDoesNotSupplyIsReported() {
    String edited = policy.replaceFirst("<text>linesChanged</text>", "<text>lineChanged</text>");

    assertThat(check.problems(NAME, bytes(edited))).singleElement().asString()
        .contains("Lines changed", "'lineChanged'", "linesChanged");
  }

  @Test
  void renamedOutputIsReported() {
    String edited = policy.replace("name=\"requiredApprovals\"", "name=\"approvals\"");

    assertThat(check.problems(NAME, bytes(edited))).singleElement().asString()
        .contains("no output named 'requiredApprovals'");
  }

  @Test
  void otherDecisionsAndModelsAreLeftAlone() {
    String otherDecision = policy.replace("id=\"risk-policy\"", "id=\"fee-policy\"")
        .replaceFirst("\"security,cab\"", "\"legal\"");

    assertThat(check.problems("bpmn/fee-policy.dmn", bytes(otherDecision))).isEmpty();
    assertThat(check.problems("bpmn/release.bpmn", bytes("<definitions/>"))).isEmpty();
  }

  @Test
  void unreadableModelIsReported() {
    List<String> problems = check.problems(NAME, bytes("<definitions"));

    assertThat(problems).singleElement().asString().contains("not a DMN 1.3 model");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
