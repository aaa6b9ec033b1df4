package org.relman.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;

/**
 * A release whose every free text is hostile (its name, facts, commit subjects and bodies, author, file names, gate
 * summary, approval comment, cancel reason): its release notes, evidence Markdown and go/no-go form text render all of it
 * as text, with no link, image or HTML.
 */
class HostileTextTest extends RelmanTestBase {

  private static final java.util.regex.Pattern RELEASE_PAGE =
      java.util.regex.Pattern.compile("http://localhost:\\d+/releases/\\d+");

  private static final Parser MARKDOWN = Parser.builder().extensions(List.of(TablesExtension.create())).build();

  private static final String LINK = "[click](javascript:alert(1))";
  private static final String IMAGE = "![pixel](http://evil.example/p.png)";
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String AUTOLINK = "<http://evil.example/>";

  @Test
  void notesEvidenceAndTheGoNoGoFormShowHostileTextAsText() {
    GitFixture repo = GitFixture.create(temp.resolve("hostile-" + System.nanoTime()));
    repo.commit("chore: initial import", "Ada Lovelace", "ada@example.org");
    repo.tag("v1");
    repo.commit("feat(" + SCRIPT + "): " + LINK + " `tick` | pipe\n\nBREAKING CHANGE: " + IMAGE, "Mallory *bold* " + LINK,
        "mallory@evil.example");
    repo.commit("# heading " + IMAGE, "Eve | table", "eve@evil.example");
    // a migration: a sensitive path, so security and the change board approve, and the form lists the file
    repo.commitFile("src/main/resources/db/migration/V7__[a](javascript:x)|b`c <b>.sql", "SELECT 1;", "docs: " + SCRIPT);
    Map<String, Object> body = releaseRequest(version("hostile"), repo, futureStart(400));
    body.put("name", LINK + " " + SCRIPT + " " + IMAGE);
    body.put("rollbackPlan", "| broken | table |\n" + AUTOLINK);
    body.put("facts", Map.of("note", "<img src=x onerror=alert(1)> " + LINK));
    long id = requestRelease("erin", body);
    workers().run("collect-change-set", id);
    Api.Response gate = api(null).signedPost("/api/releases/" + id + "/gates/build",
        "{\"status\":\"PASSED\",\"summary\":\"" + SCRIPT.replace("\"", "\\\"") + " " + LINK + "\"}");
    assertThat(gate.status()).as("%s", gate).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    approve("carol", id, "security-review", "fine " + LINK + " " + SCRIPT);
    approve("dave", id, "cab-approval", IMAGE + " | " + AUTOLINK);

    String basis = taskService.getVariableLocal(task(id, "go-no-go").getId(), "decisionBasis").toString();
    assertInert("go/no-go form text", basis);
    assertThat(text(basis)).contains("fine " + LINK + " " + SCRIPT, IMAGE + " | " + AUTOLINK,
        "V7__[a](javascript:x)|b`c <b>.sql");

    Api.Response cancelled = api("alice").post("/api/releases/" + id + "/cancel",
        Map.of("reason", IMAGE + " " + SCRIPT));
    assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(202);

    String notes = markdown("/api/releases/" + id + "/notes?audience=engineering");
    assertInert("release notes", notes);
    assertThat(text(notes)).contains(LINK + " " + SCRIPT + " " + IMAGE, LINK + " `tick` | pipe", IMAGE + " " + SCRIPT,
        "Mallory *bold* " + LINK, "# heading " + IMAGE);

    String evidence = markdown("/api/releases/" + id + "/evidence");
    assertInert("evidence", evidence);
    assertThat(text(evidence)).contains(LINK + " " + SCRIPT + " " + IMAGE, "V7__[a](javascript:x)|b`c <b>.sql",
        "Mallory *bold* " + LINK, SCRIPT + " " + LINK, "| broken | table |<br>" + AUTOLINK);
  }

  private void approve(String user, long id, String kind, String comment) {
    String taskId = null;
    for (var t : api(user).get("/api/tasks").json()) {
      if (t.path("releaseId").asLong() == id && kind.equals(t.path("kind").asText())) {
        taskId = t.path("id").asText();
      }
    }
    assertThat(taskId).as("%s task of release %s", kind, id).isNotNull();
    Api.Response response = complete(user, taskId, Map.of("approved", true, "comment", comment));
    assertThat(response.status()).as("%s", response).isEqualTo(204);
  }

  private String markdown(String path) {
    Api.Response response = api("alice").send(api("alice").request(path).header("Accept", "text/markdown").GET());
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    return response.body();
  }

  /**
   * No link, image or HTML in the document, but for the {@code <br>} line breaks of table cells and the one link
   * relman writes itself: to the release's page.
   */
  private static void assertInert(String what, String markdown) {
    List<Node> active = new ArrayList<>();
    MARKDOWN.parse(markdown).accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        if (!RELEASE_PAGE.matcher(link.getDestination()).matches()) {
          active.add(link);
        }
      }

      @Override
      public void visit(Image image) {
        active.add(image);
      }

      @Override
      public void visit(HtmlBlock html) {
        active.add(html);
      }

      @Override
      public void visit(HtmlInline html) {
        if (!html.getLiteral().equals("<br>")) {
          active.add(html);
        }
      }
    });
    assertThat(active).as("links, images and HTML in the %s:%n%s", what, markdown).isEmpty();
  }

  /** What a reader sees, as one string: text, code and the {@code <br>} of cells. */
  private static String text(String markdown) {
    StringBuilder text = new StringBuilder();
    MARKDOWN.parse(markdown).accept(new AbstractVisitor() {
      @Override
      public void visit(Text node) {
        text.append(node.getLiteral());
      }

      @Override
      public void visit(Code node) {
        text.append(node.getLiteral());
      }

      @Override
      public void visit(HtmlInline node) {
        text.append(node.getLiteral());
      }

      @Override
      public void visit(org.commonmark.node.SoftLineBreak node) {
        text.append('\n');
      }
    });
    return text.toString();
  }
}
