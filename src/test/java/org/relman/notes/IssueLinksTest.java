package org.relman.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.relman.shared.Markdown;

/**
 * Issue keys in commit messages become links to their issues, by the configured templates only; the rest of the text
 * stays escaped, so a commit message cannot make a link of its own or point one elsewhere.
 */
class IssueLinksTest {

  private static final IssueLinks LINKS = IssueLinks.of(List.of(
      new NotesProperties.IssueLink("[A-Z][A-Z0-9]+-\\d+", "https://jira.example.org/browse/{key}"),
      new NotesProperties.IssueLink("#(\\d+)", "https://github.com/org/repo/issues/{1}")));
  private static final Parser MARKDOWN = Parser.builder().extensions(List.of(TablesExtension.create())).build();

  @Test
  void jiraKeysAndGithubIssueNumbersBecomeLinks() {
    String md = LINKS.markdown("fix(api): rounding of fees, PAY-123 and #45", Markdown::text);

    assertThat(md).isEqualTo("fix(api): rounding of fees, [PAY-123](https://jira.example.org/browse/PAY-123) and"
        + " [#45](https://github.com/org/repo/issues/45)");
    assertThat(links(md)).containsExactly("https://jira.example.org/browse/PAY-123 PAY-123",
        "https://github.com/org/repo/issues/45 #45");
  }

  @Test
  void textAroundTheKeysStaysEscapedAndMakesNoLinkOfItsOwn() {
    String hostile = "#12 [click](https://evil.example) <b>PAY-7</b> *bold* | cell";

    String md = LINKS.markdown(hostile, Markdown::block);

    assertThat(links(md)).containsExactly("https://github.com/org/repo/issues/12 #12",
        "https://jira.example.org/browse/PAY-7 PAY-7");
    assertThat(md).contains("\\[click\\](https://evil.example)", "\\<b\\>", "\\*bold\\*", "\\| cell");
  }

  @Test
  void aKeyCannotBreakOutOfItsLink() {
    IssueLinks loose = IssueLinks.of(List.of(new NotesProperties.IssueLink("ISSUE:(\\S+)",
        "https://tracker.example.org/issues/{1}")));

    String md = loose.markdown("see ISSUE:a)](https://evil.example)<x> and more", Markdown::text);

    assertThat(links(md)).hasSize(1).allSatisfy(link ->
        assertThat(link).startsWith("https://tracker.example.org/issues/a%29%5D%28https%3A%2F%2Fevil.example%29%3Cx%3E "));
  }

  @Test
  void withoutIssueLinksTextIsOnlyEscaped() {
    assertThat(IssueLinks.NONE.markdown("PAY-1 #2 [x](y)", Markdown::text)).isEqualTo(Markdown.text("PAY-1 #2 [x](y)"));
    assertThat(LINKS.markdown(null, Markdown::text)).isEmpty();
    assertThat(LINKS.markdown("private \uE0000\uE001 use", Markdown::text)).doesNotContain("\uE000").doesNotContain("](");
  }

  @Test
  void badSettingsStopTheStartNamingTheKey() {
    assertThatThrownBy(() -> IssueLinks.of(List.of(new NotesProperties.IssueLink("([A-Z", "https://x.example/{key}"))))
        .hasMessageContaining("relman.notes.issue-links[0].pattern");
    assertThatThrownBy(() -> IssueLinks.of(List.of(new NotesProperties.IssueLink("\\d*", "https://x.example/{key}"))))
        .hasMessageContaining("empty text");
    assertThatThrownBy(() -> IssueLinks.of(List.of(new NotesProperties.IssueLink("#\\d+", "javascript:alert(1)"))))
        .hasMessageContaining("relman.notes.issue-links[0].url");
    assertThatThrownBy(() -> IssueLinks.of(List.of(new NotesProperties.IssueLink("#\\d+", "https://x.example/issues"))))
        .hasMessageContaining("{key}");
    assertThatThrownBy(() -> IssueLinks.of(List.of(new NotesProperties.IssueLink("#\\d+", "https://x.example/{2}"))))
        .hasMessageContaining("group {2}");
  }

  /** Every link in the Markdown as "destination text". */
  static List<String> links(String markdown) {
    List<String> links = new ArrayList<>();
    MARKDOWN.parse(markdown).accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        StringBuilder text = new StringBuilder();
        for (Node child = link.getFirstChild(); child != null; child = child.getNext()) {
          if (child instanceof Text t) {
            text.append(t.getLiteral());
          }
        }
        links.add(link.getDestination() + " " + text);
      }
    });
    return links;
  }
}
