package org.relman.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.task.Task;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;

/**
 * A release run end to end from a repository whose commits cover every kind of subject, then its release notes (draft
 * and frozen, both audiences) and its evidence bundle (JSON and Markdown), with the refusals around them.
 */
class EvidenceAndNotesTest extends RelmanTestBase {

  private static final String GITHUB = "git@github.com:acme/payments.git";
  private static final String WEB = "https://github.com/acme/payments";

  /** The shas of the commits, by a short name. */
  private final Map<String, String> sha = new java.util.HashMap<>();

  private GitFixture everyKindOfCommit() {
    GitFixture repo = GitFixture.create(temp.resolve("payments"));
    repo.commit("chore: initial import", "Ada Lovelace", "ada@example.org");
    repo.tag("v1");
    c(repo, "feat", "feat(api): refunds endpoint", "Grace Hopper");
    c(repo, "fix", "fix(ledger): rounding of fees\n\nHalf-even, as the ledger expects.", "Ada Lovelace");
    c(repo, "readme", "Update the README", "Linus Torvalds");
    c(repo, "bang", "feat(api)!: drop the v1 endpoints\n\nClients moved to v2 long ago.", "Grace Hopper");
    c(repo, "footer", "refactor: split the fee calculator\n\nBREAKING CHANGE: FeeCalculator.calc is now"
        + " FeeCalculator.compute\n\nRefs: #42", "Ada Lovelace");
    c(repo, "perf", "perf(ledger): cache exchange rates", "Margaret Hamilton");
    c(repo, "chore", "chore(deps): bump jackson", "Grace Hopper");
    c(repo, "docs", "docs: explain refunds", "Ada Lovelace");
    c(repo, "test", "test: cover refunds", "Margaret Hamilton");
    c(repo, "ci", "ci: cache the Maven repository", "Linus Torvalds");
    c(repo, "build", "build: compile for Java 17", "Linus Torvalds");
    c(repo, "style", "style: format the sources", "Grace Hopper");
    c(repo, "hyphen", "fix: handle empty baskets\n\nBREAKING-CHANGE: empty baskets now answer 422", "Linus Torvalds");
    c(repo, "wip", "wip: try a new fee model", "Margaret Hamilton");
    return repo;
  }

  private void c(GitFixture repo, String name, String message, String author) {
    sha.put(name, repo.commit(message, author, author.split(" ")[0].toLowerCase() + "@example.org").getName());
  }

  private String link(String name) {
    return "([" + sha.get(name).substring(0, 7) + "](" + WEB + "/commit/" + sha.get(name) + "))";
  }

  @Test
  void notesAndEvidenceOfAReleaseRunEndToEnd() {
    GitFixture repo = everyKindOfCommit();
    String version = version("2026.12");
    var request = releaseRequest(version, repo, pastStart());
    long id = requestRelease("erin", request);
    workers().run("collect-change-set", id);

    // a draft while the release runs; a local repository has no web page: plain short shas
    Api.Response draft = api("erin").get("/api/releases/" + id + "/notes");
    assertThat(draft.status()).isEqualTo(200);
    assertThat(draft.contentType()).startsWith("text/markdown");
    assertThat(draft.headers().firstValue("Relman-Notes-State")).hasValue("draft");
    assertThat(draft.body()).contains("_Draft: the release is GATING; these notes are final when it ends._")
        .contains("- **api:** refunds endpoint (" + sha.get("feat").substring(0, 7) + ") — Grace Hopper")
        .doesNotContain("](");

    // the stored URL is what links are made from; cloning github.com cannot happen here, so the release gets it now
    jdbc.update("UPDATE releases SET repository_url = ? WHERE id = ?", GITHUB, id);

    reportGate(id, "build", "PASSED");
    Api.Response tests = api(null).signedPost("/api/releases/" + id + "/gates/tests", "{\"status\":\"PASSED\","
        + "\"summary\":\"1200 tests green\",\"url\":\"https://ci.example/tests\",\"metrics\":{\"testsTotal\":1200,"
        + "\"testsFailed\":0,\"coverage\":55.0}}");
    assertThat(tests.status()).isEqualTo(202);
    // 55 % coverage: MEDIUM, QA signs off
    Task qa = taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("approve-release").singleResult();
    assertThat(complete("bob", qa.getId(), Map.of("approved", true, "comment", "Refund flows tested by hand")).status())
        .isEqualTo(204);
    Instant newStart = futureStart(3);
    completeOk("alice", id, "go-no-go", Map.of("decision", "RESCHEDULE", "reasoning", "Ledger team asks for Thursday",
        "newStart", newStart.toString()));
    completeOk("rita", id, "go-no-go", Map.of("decision", "GO", "reasoning", "QA signed off, rollback plan ready"));
    timers(id).forEach(job -> management.executeJob(job.getId()));
    assertThat(status(id)).isEqualTo("DEPLOYING");
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);
    assertThat(api("bob").get("/api/releases/" + id + "/notes").body())
        .contains("_Draft: the release is IN_REVIEW; these notes are final when it ends._ Deployed so far: staging, production.");
    completeOk("rita", id, "post-release-review", Map.of("summary", "Quiet release", "followUps", "none"));
    JsonNode done = release(id);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    String day = Instant.parse(done.get("endedAt").asText()).atZone(ZoneOffset.UTC).toLocalDate().toString();
    List<String> services = new ArrayList<>();
    done.get("services").forEach(s -> services.add(s.asText()));

    String engineering = """
        # Release notes: %1$s

        Payments %1$s

        Services: %2$s

        Released on %3$s to staging, production.

        ## Breaking changes

        - **api:** drop the v1 endpoints %4$s — Grace Hopper
        - split the fee calculator %5$s — Ada Lovelace
          - FeeCalculator.calc is now FeeCalculator.compute
        - handle empty baskets %6$s — Linus Torvalds
          - empty baskets now answer 422

        ## Features

        - **api:** refunds endpoint %7$s — Grace Hopper

        ## Bug fixes

        - **ledger:** rounding of fees %8$s — Ada Lovelace

        ## Performance

        - **ledger:** cache exchange rates %9$s — Margaret Hamilton

        ## Documentation

        - explain refunds %10$s — Ada Lovelace

        ## Style

        - format the sources %11$s — Grace Hopper

        ## Tests

        - cover refunds %12$s — Margaret Hamilton

        ## Build

        - compile for Java 17 %13$s — Linus Torvalds

        ## CI

        - cache the Maven repository %14$s — Linus Torvalds

        ## Chores

        - **deps:** bump jackson %15$s — Grace Hopper

        ## Other changes

        - Update the README %16$s — Linus Torvalds
        - wip: try a new fee model %17$s — Margaret Hamilton

        ---

        14 commits from `v1` (%18$s) to `main` (%19$s) in %20$s.

        Authors: Ada Lovelace, Grace Hopper, Linus Torvalds, Margaret Hamilton.
        """.formatted(version, String.join(", ", services), day, link("bang"), link("footer"), link("hyphen"),
        link("feat"), link("fix"), link("perf"), link("docs"), link("style"), link("test"), link("build"), link("ci"),
        link("chore"), link("readme"), link("wip"), done.get("repository").get("fromSha").asText().substring(0, 7),
        sha.get("wip").substring(0, 7), WEB);
    String customer = """
        # Release notes: %1$s

        Payments %1$s

        Services: %2$s

        Released on %3$s to staging, production.

        ## Breaking changes

        - **api:** drop the v1 endpoints %4$s
        - split the fee calculator %5$s
          - FeeCalculator.calc is now FeeCalculator.compute
        - handle empty baskets %6$s
          - empty baskets now answer 422

        ## Features

        - **api:** refunds endpoint %7$s

        ## Bug fixes

        - **ledger:** rounding of fees %8$s

        ## Performance

        - **ledger:** cache exchange rates %9$s

        ## Documentation

        - explain refunds %10$s

        ## Other changes

        - Update the README %11$s
        - wip: try a new fee model %12$s
        """.formatted(version, String.join(", ", services), day, link("bang"), link("footer"), link("hyphen"),
        link("feat"), link("fix"), link("perf"), link("docs"), link("readme"), link("wip"));

    Api.Response finalEngineering = api("erin").get("/api/releases/" + id + "/notes?audience=engineering");
    assertThat(finalEngineering.headers().firstValue("Relman-Notes-State")).hasValue("final");
    assertThat(finalEngineering.body()).isEqualTo(engineering);
    assertThat(api("erin").get("/api/releases/" + id + "/notes").body()).as("engineering is the default").isEqualTo(engineering);
    Api.Response finalCustomer = api("erin").get("/api/releases/" + id + "/notes?audience=customer");
    assertThat(finalCustomer.body()).isEqualTo(customer);

    // frozen: the rows the notes came from change, the notes do not
    jdbc.update("UPDATE changes SET subject = 'feat: something else entirely', author_name = 'Mallory' WHERE release_id = ?", id);
    jdbc.update("DELETE FROM change_files WHERE release_id = ?", id);
    assertThat(api("erin").get("/api/releases/" + id + "/notes").body()).isEqualTo(engineering);
    assertThat(api("erin").get("/api/releases/" + id + "/notes?audience=customer").body()).isEqualTo(customer);
    JsonNode frozen = api("frank").get("/api/releases/" + id + "/audit").json();
    JsonNode frozenEvent = null;
    for (JsonNode e : frozen) {
      if (e.get("action").asText().equals("release-notes.frozen")) {
        frozenEvent = e;
      }
    }
    assertThat(frozenEvent).isNotNull();
    assertThat(frozenEvent.get("details").get("sha256").get("engineering").asText()).isEqualTo(sha256(engineering));
    assertThat(frozenEvent.get("details").get("sha256").get("customer").asText()).isEqualTo(sha256(customer));
    assertThat(frozenEvent.get("details").get("releaseStatus").asText()).isEqualTo("COMPLETED");

    // the evidence bundle
    long eventsBefore = count("audit_events");
    Api.Response exported = api("frank").get("/api/releases/" + id + "/evidence");
    assertThat(exported.status()).as("%s", exported).isEqualTo(200);
    assertThat(exported.contentType()).startsWith("application/json");
    JsonNode b = exported.json();
    assertThat(fieldNames(b)).containsExactly("format", "exportedAt", "exportedBy", "release", "changeSet", "gates",
        "gateFailureDecisions", "risk", "freezes", "approvals", "escalations", "goNoGo", "environments", "review",
        "releaseNotes", "auditEvents", "auditHead");
    assertThat(b.get("format").asText()).isEqualTo("relman-evidence/1");
    assertThat(b.get("exportedBy").asText()).isEqualTo("frank");

    JsonNode r = b.get("release");
    assertThat(r.get("id").asLong()).isEqualTo(id);
    assertThat(r.get("version").asText()).isEqualTo(version);
    assertThat(r.get("requestedBy").asText()).isEqualTo("erin");
    assertThat(r.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(r.get("services").toString()).isEqualTo(done.get("services").toString());
    assertThat(r.get("plannedStart").asText()).isEqualTo(newStart.toString());
    assertThat(r.get("plannedStartHistory")).hasSize(1);
    assertThat(r.get("plannedStartHistory").get(0).get("by").asText()).isEqualTo("alice");
    assertThat(r.get("plannedStartHistory").get(0).get("previousStart").asText()).isEqualTo(request.get("plannedStart"));
    assertThat(r.get("plannedStartHistory").get(0).get("newStart").asText()).isEqualTo(newStart.toString());
    assertThat(r.get("plannedStartHistory").get(0).get("reason").asText()).contains("Ledger team asks for Thursday");
    assertThat(r.get("repository").get("url").asText()).isEqualTo(GITHUB);
    assertThat(r.get("repository").get("toSha").asText()).isEqualTo(sha.get("wip"));
    assertThat(r.get("process").get("key").asText()).isEqualTo("release");
    assertThat(r.get("endedAt").asText()).isEqualTo(done.get("endedAt").asText());

    JsonNode changeSet = b.get("changeSet");
    assertThat(changeSet.get("commitCount").asInt()).isEqualTo(14);
    assertThat(changeSet.get("commits")).hasSize(14);
    assertThat(changeSet.get("commits").get(0).get("sha").asText()).as("the edited rows, as stored now").isEqualTo(sha.get("wip"));
    assertThat(changeSet.get("commits").get(0).get("authorEmail").asText()).isEqualTo("margaret@example.org");
    assertThat(changeSet.get("commits").get(0).get("committedAt").asText()).isNotEmpty();
    assertThat(changeSet.get("commits").get(12).get("body").asText()).isEqualTo("Half-even, as the ledger expects.");
    assertThat(changeSet.get("files")).as("deleted above").isEmpty();

    JsonNode gates = b.get("gates");
    assertThat(gates.findValuesAsText("name")).containsExactly("build", "tests");
    assertThat(gates.get(1).get("status").asText()).isEqualTo("PASSED");
    assertThat(gates.get(1).get("testsTotal").asInt()).isEqualTo(1200);
    assertThat(gates.get(1).get("coverage").decimalValue()).isEqualByComparingTo("55.0");
    assertThat(gates.get(1).get("history")).hasSize(1);
    assertThat(gates.get(1).get("history").get(0).get("actor").asText()).isEqualTo("ci");
    assertThat(gates.get(1).get("history").get(0).get("action").asText()).isEqualTo("gate.reported");
    assertThat(Instant.parse(gates.get(1).get("history").get(0).get("at").asText()))
        .isCloseTo(Instant.parse(gates.get(1).get("reportedAt").asText()), org.assertj.core.api.Assertions.within(1,
            java.time.temporal.ChronoUnit.SECONDS));
    assertThat(b.get("gateFailureDecisions")).isEmpty();

    JsonNode risk = b.get("risk");
    assertThat(risk.get("latest").get("level").asText()).isEqualTo("MEDIUM");
    assertThat(risk.get("latest").get("requiredApprovals").toString()).isEqualTo("[\"qa\"]");
    assertThat(risk.get("latest").get("policy").asText()).startsWith("risk-policy:");
    assertThat(risk.get("latest").get("facts").get("commits").asInt()).isEqualTo(14);
    assertThat(risk.get("latest").get("assessedAt").asText()).isNotEmpty();
    assertThat(risk.get("assessments")).as("assessed again after the reschedule").hasSize(2);

    assertThat(b.get("freezes").get("exceptions")).isEmpty();
    assertThat(b.get("freezes").get("overrides")).isEmpty();
    assertThat(b.get("approvals")).hasSize(1);
    assertThat(b.get("approvals").get(0).get("kind").asText()).isEqualTo("qa-signoff");
    assertThat(b.get("approvals").get(0).get("decision").asText()).isEqualTo("APPROVED");
    assertThat(b.get("approvals").get(0).get("by").asText()).isEqualTo("bob");
    assertThat(b.get("approvals").get(0).get("comment").asText()).isEqualTo("Refund flows tested by hand");
    assertThat(b.get("escalations")).isEmpty();
    assertThat(b.get("goNoGo").findValuesAsText("decision")).containsExactly("RESCHEDULE", "GO");
    assertThat(b.get("goNoGo").findValuesAsText("by")).containsExactly("alice", "rita");
    assertThat(b.get("goNoGo").get(1).get("comment").asText()).isEqualTo("QA signed off, rollback plan ready");

    JsonNode environments = b.get("environments");
    assertThat(environments.findValuesAsText("name")).containsExactly("staging", "production");
    assertThat(environments.findValuesAsText("state")).containsExactly("PROMOTED", "PROMOTED");
    for (JsonNode env : environments) {
      JsonNode deploy = env.get("deployments").get(0);
      assertThat(deploy.get("action").asText()).isEqualTo("deploy");
      assertThat(deploy.get("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(deploy.get("deploymentId").asText()).isNotBlank();
      assertThat(deploy.get("exitCode").asInt()).isZero();
      assertThat(deploy.get("output").asText()).contains(version);
      assertThat(deploy.get("outputLength").asInt()).isEqualTo(deploy.get("output").asText().length());
      assertThat(deploy.get("outputTruncated").asBoolean()).isFalse();
      assertThat(env.has("soak")).isTrue();
      assertThat(env.has("checks")).isTrue();
    }
    assertThat(environments.get(0).get("deployments").get(0).get("deploymentId").asText())
        .isEqualTo(done.get("deployments").get(0).get("deploymentId").asText());

    assertThat(b.get("review").get("kind").asText()).isEqualTo("post-release-review");
    assertThat(b.get("review").get("summary").asText()).isEqualTo("Quiet release");
    assertThat(b.get("review").get("by").asText()).isEqualTo("rita");
    assertThat(b.get("releaseNotes").findValuesAsText("state")).containsExactly("final", "final");
    assertThat(b.get("releaseNotes").get(0).get("sha256").asText()).isEqualTo(sha256(engineering));

    // the audit trail ends with this export, and the head is that event: what verify shows
    JsonNode events = b.get("auditEvents");
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("action").asText()).isEqualTo("evidence.exported");
    assertThat(last.get("actor").asText()).isEqualTo("frank");
    assertThat(last.get("details").get("format").asText()).isEqualTo("json");
    assertThat(count("audit_events")).isEqualTo(eventsBefore + 1);
    assertThat(events.findValuesAsText("action")).containsSubsequence("release.requested", "changes.collected",
        "gate.reported", "task.completed", "release.rescheduled", "deployment.finished", "release-notes.frozen",
        "evidence.exported");
    assertThat(events.findValuesAsText("action")).containsAll(auditActions(id).subList(0, auditActions(id).size() - 1));
    JsonNode head = b.get("auditHead");
    assertThat(head.get("seq").asLong()).isEqualTo(last.get("seq").asLong());
    assertThat(head.get("hash").asText()).isEqualTo(last.get("hash").asText());
    assertThat(head.get("recordedAfter").asText()).isEqualTo("evidence.exported");
    assertThat(b.get("exportedAt").asText()).isEqualTo(last.get("at").asText());
    JsonNode verify = api("frank").get("/api/audit/verify").json();
    assertThat(verify.get("valid").asBoolean()).isTrue();
    assertThat(verify.get("head").asText()).isEqualTo(head.get("hash").asText());
    assertThat(verify.get("events").asLong()).isEqualTo(head.get("seq").asLong());

    // the same bundle as Markdown, for a release manager
    Api.Response markdown = api("alice").send(api("alice").request("/api/releases/" + id + "/evidence")
        .header("Accept", "text/markdown"));
    assertThat(markdown.status()).isEqualTo(200);
    assertThat(markdown.contentType()).startsWith("text/markdown");
    assertThat(markdown.body()).startsWith("# Evidence: release " + version + " (#" + id + ")\n")
        .contains("## Release", "## Change set", "## Gates", "## Risk", "## Freezes", "## Approvals", "### Escalations",
            "## Go/no-go", "## Environments", "### staging: PROMOTED", "### production: PROMOTED", "## Review",
            "## Release notes", "## Audit trail")
        .contains("| requested by | erin |", "| status | COMPLETED |")
        .contains("| qa-signoff | APPROVED | bob |", "Refund flows tested by hand")
        .contains("| go-no-go | GO | rita |", "QA signed off, rollback plan ready")
        .contains("Level **MEDIUM**, required approvals: qa")
        .contains("`" + sha.get("wip") + "`")
        .contains("| summary | Quiet release |");
    JsonNode afterMarkdown = api("frank").get("/api/audit/verify").json();
    assertThat(markdown.body()).contains("hash `" + afterMarkdown.get("head").asText() + "`, recorded after this export's own"
        + " `evidence.exported` event");
    assertThat(auditActions(id).get(auditActions(id).size() - 1)).isEqualTo("evidence.exported");
    assertThat(jdbc.queryForObject("SELECT details FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)",
        String.class)).isEqualTo("{\"format\":\"markdown\"}");
  }

  @Test
  void onlyAuditorsAndReleaseManagersExportAndRefusalsChangeNothing() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    long events = count("audit_events");

    for (String user : List.of("erin", "bob", "carol", "dave", "grace")) {
      Api.Response refused = api(user).get("/api/releases/" + id + "/evidence");
      assertThat(refused.status()).as("%s: %s", user, refused).isEqualTo(403);
      assertThat(refused.contentType()).startsWith("application/problem+json");
    }
    assertThat(api(null).get("/api/releases/" + id + "/evidence").status()).isEqualTo(401);

    Api.Response unknown = api("frank").get("/api/releases/999999/evidence");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
    assertThat(unknown.json().get("detail").asText()).isEqualTo("Release 999999 does not exist");

    Api.Response xml = api("frank").send(api("frank").request("/api/releases/" + id + "/evidence")
        .header("Accept", "application/xml"));
    assertThat(xml.status()).isEqualTo(406);
    assertThat(xml.contentType()).startsWith("application/problem+json");
    assertThat(xml.json().get("detail").asText()).contains("application/json or text/markdown");
    assertThat(count("audit_events")).as("refusals are not exports").isEqualTo(events);

    // content negotiation: wildcards and qualities
    assertThat(accept(id, "*/*").contentType()).startsWith("application/json");
    assertThat(accept(id, "text/*").contentType()).startsWith("text/markdown");
    assertThat(accept(id, "application/json;q=0.5, text/markdown").contentType()).startsWith("text/markdown");
    assertThat(accept(id, "text/html, application/*;q=0.1").contentType()).startsWith("application/json");
    assertThat(accept(id, "text/markdown;q=0").status()).isEqualTo(406);
    assertThat(count("audit_events")).isEqualTo(events + 4);
  }

  private Api.Response accept(long id, String accept) {
    return api("alice").send(api("alice").request("/api/releases/" + id + "/evidence").header("Accept", accept));
  }

  @Test
  void notesRefuseAnUnknownAudienceReleaseOrFormat() {
    long id = requestRelease("erin", version("2026.12"), repository(1));

    for (String audience : List.of("marketing", "", "Customer")) {
      Api.Response bad = api("erin").get("/api/releases/" + id + "/notes?audience=" + audience);
      assertThat(bad.status()).as("'%s'", audience).isEqualTo(400);
      assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("audience");
      assertThat(bad.json().get("errors").get(0).get("message").asText())
          .isEqualTo("'" + audience + "' is not one of engineering, customer");
    }
    Api.Response unknown = api("erin").get("/api/releases/999999/notes");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
    Api.Response json = api("erin").send(api("erin").request("/api/releases/" + id + "/notes")
        .header("Accept", "application/json"));
    assertThat(json.status()).isEqualTo(406);
    assertThat(json.json().get("detail").asText()).contains("text/markdown");
    assertThat(api(null).get("/api/releases/" + id + "/notes").status()).isEqualTo(401);
    assertThat(api("grace").get("/api/releases/" + id + "/notes?audience=customer").status())
        .as("everyone signed in reads notes").isEqualTo(200);
  }

  @Test
  void rolledBackReleaseFreezesNotesSayingWhereTheVersionStillRuns() {
    long id = requestRelease("erin", version("2026.12") + "-fail-production", repository(2));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, rollback plan ready"));
    fireDueTimers(id);
    shipToNextEnvironment(id);
    workers().run("deploy-release", id);
    workers().run("roll-back-release", id);
    completeOk("rita", id, "post-mortem", Map.of("rootCause", "Ledger health check failed", "summary", "Rolled back"));
    JsonNode ended = release(id);
    assertThat(ended.get("status").asText()).isEqualTo("ROLLED_BACK");
    String day = Instant.parse(ended.get("endedAt").asText()).atZone(ZoneOffset.UTC).toLocalDate().toString();

    Api.Response notes = api("erin").get("/api/releases/" + id + "/notes?audience=customer");
    assertThat(notes.headers().firstValue("Relman-Notes-State")).hasValue("final");
    assertThat(notes.body()).contains("\nRolled back on " + day + ": production went back to the previous version."
        + " Running this version: staging.\n").contains("## Features\n\n- **payments:** change 1 (");
    assertThat(jdbc.queryForObject("SELECT release_status FROM release_notes WHERE release_id = ? AND audience = 'customer'",
        String.class, id)).isEqualTo("ROLLED_BACK");

    JsonNode bundle = api("frank").get("/api/releases/" + id + "/evidence").json();
    JsonNode production = bundle.get("environments").get(1);
    assertThat(production.get("state").asText()).isEqualTo("ROLLED_BACK");
    assertThat(production.get("deployments").findValuesAsText("action")).containsExactly("deploy", "rollback");
    assertThat(production.get("deployments").findValuesAsText("status")).containsExactly("FAILED", "SUCCEEDED");
    assertThat(production.get("deployments").get(0).get("output").asText()).contains("health check");
    assertThat(production.get("deployments").get(1).get("reason").asText()).isNotBlank();
    assertThat(bundle.get("review").get("kind").asText()).isEqualTo("post-mortem");
    assertThat(bundle.get("review").get("rootCause").asText()).isEqualTo("Ledger health check failed");
  }

  @Test
  void cancelledReleaseFreezesNotesWithTheReasonForEngineersOnly() {
    long id = atGoNoGo("erin");
    completeOk("alice", id, "go-no-go", Map.of("decision", "CANCEL", "reasoning", "Ledger team found a data issue."));
    JsonNode ended = release(id);
    assertThat(ended.get("status").asText()).isEqualTo("CANCELLED");
    String day = Instant.parse(ended.get("endedAt").asText()).atZone(ZoneOffset.UTC).toLocalDate().toString();

    assertThat(api("erin").get("/api/releases/" + id + "/notes").body())
        .contains("\nCancelled on " + day + ": No-go: Ledger team found a data issue. Never deployed.\n");
    assertThat(api("erin").get("/api/releases/" + id + "/notes?audience=customer").body())
        .contains("\nCancelled on " + day + ". Never deployed.\n").doesNotContain("data issue");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
