package org.relman.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a person wrote comes out of Markdown as the same text: no link, image, HTML, emphasis or broken table. */
class MarkdownTest {

  static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

  /** Text people and commits could write to turn a document against its reader. */
  static List<String> hostile() {
    return List.of(
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click me](javascript:alert(1))",
        "![tracking pixel](http://evil.example/p.png)",
        "<http://evil.example/>",
        "<mail@evil.example>",
        "[ref]\n\n[ref]: http://evil.example/",
        "*strong* and _emphasis_ and **more** and ~~gone~~",
        "`code` and ``double``",
        "a | b | c",
        "cell \\| escaped already",
        "line one\nline two\r\nline three",
        "# heading",
        "- list item",
        "1. ordered",
        "2) ordered too",
        "> quoted",
        "---",
        "===",
        "    indented code",
        "```\nfenced\n```",
        "~~~\nfenced\n~~~",
        "trailing backslash \\",
        "&lt;entity&gt; &amp; &#106;avascript",
        "[x]: http://evil.example/ \"title\"",
        "text with a\ttab",
        "back\\`tick",
        "plain file name.txt",
        "(parentheses) and !bang");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void textReadsBackAsTheSameTextAndNothingElse(String hostile) {
    Document doc = parse("Before " + Markdown.text(hostile) + " after");

    assertThat(markup(doc)).as("markup from %s", hostile).isEmpty();
    assertThat(doc.getFirstChild()).isInstanceOf(Paragraph.class);
    assertThat(doc.getFirstChild().getNext()).as("one paragraph").isNull();
    assertThat(text(doc)).isEqualTo("Before " + oneLine(hostile) + " after");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void blockTextAtTheStartOfALineStartsNoBlock(String hostile) {
    Document doc = parse(Markdown.block(hostile) + "\n");

    assertThat(markup(doc)).as("markup from %s", hostile).isEmpty();
    assertThat(doc.getFirstChild()).isInstanceOf(Paragraph.class);
    assertThat(text(doc)).isEqualTo(oneLine(hostile));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void cellStaysInItsCellAndReadsBackAsTheSameText(String hostile) {
    Document doc = parse("| a | b | c |\n| --- | --- | --- |\n| left | " + Markdown.cell(hostile) + " | right |\n");

    List<TableCell> cells = new ArrayList<>();
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(CustomNode node) {
        if (node instanceof TableCell cell && cell.getParent() instanceof TableRow row
            && row.getParent() instanceof org.commonmark.ext.gfm.tables.TableBody) {
          cells.add(cell);
        }
        visitChildren(node);
      }
    });
    assertThat(cells).as("cells of the body row").hasSize(3);
    assertThat(text(cells.get(0))).isEqualTo("left");
    assertThat(text(cells.get(2))).isEqualTo("right");
    // line breaks are <br>, the one HTML Markdown.cell writes itself
    assertThat(text(cells.get(1))).isEqualTo(hostile.strip().replaceAll("\\R", "<br>").replace('\t', ' '));
    assertThat(markup(doc)).allSatisfy(node -> assertThat(node).isInstanceOfSatisfying(HtmlInline.class,
        html -> assertThat(html.getLiteral()).isEqualTo("<br>")));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void blockTextAsAListItemStaysOneItemOfText(String hostile) {
    Document doc = parse("- " + Markdown.block(hostile) + "\n- next\n");

    assertThat(doc.getFirstChild()).isInstanceOf(org.commonmark.node.BulletList.class);
    org.commonmark.node.Node item = doc.getFirstChild().getFirstChild();
    assertThat(item.getFirstChild()).isInstanceOf(Paragraph.class);
    assertThat(item.getFirstChild().getNext()).as("nothing nested in the item").isNull();
    assertThat(markup(item.getFirstChild())).as("markup from %s", hostile).isEmpty();
    assertThat(text(item)).isEqualTo(oneLine(hostile));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void codeSpanShowsTheValueVerbatim(String hostile) {
    Document doc = parse("See " + Markdown.code(hostile) + " here");

    List<Node> code = nodes(doc, Code.class);
    assertThat(code).hasSize(1);
    assertThat(((Code) code.get(0)).getLiteral()).isEqualTo(hostile.replaceAll("\\R", " "));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void fenceIsLongerThanAnyBacktickRunSoTheBlockHoldsEverything(String hostile) {
    // a fenced block's lines end in \n, however the text ended them
    String content = hostile.replaceAll("\\R", "\n") + "\n```` and ````` inside";
    String fence = Markdown.fence(content);
    Document doc = parse(fence + "text\n" + content + "\n" + fence + "\nafter\n");

    assertThat(doc.getFirstChild()).isInstanceOfSatisfying(FencedCodeBlock.class,
        block -> assertThat(block.getLiteral()).isEqualTo(content + "\n"));
    assertThat(text(doc.getFirstChild().getNext())).isEqualTo("after");
  }

  static Document parse(String markdown) {
    return (Document) PARSER.parse(markdown);
  }

  /** Every node that is markup rather than text: links, images, HTML, emphasis, code, headings, lists, quotes... */
  static List<Node> markup(Node root) {
    List<Node> found = new ArrayList<>();
    root.accept(new AbstractVisitor() {
      @Override
      protected void visitChildren(Node parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
          if (!(node instanceof Text || node instanceof Paragraph || node instanceof org.commonmark.node.SoftLineBreak
              || node instanceof CustomNode || node instanceof org.commonmark.node.CustomBlock)) {
            found.add(node);
          }
          node.accept(this);
        }
      }
    });
    return found;
  }

  static List<Node> nodes(Node root, Class<? extends Node> type) {
    List<Node> found = new ArrayList<>();
    root.accept(new AbstractVisitor() {
      @Override
      protected void visitChildren(Node parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
          if (type.isInstance(node)) {
            found.add(node);
          }
          node.accept(this);
        }
      }
    });
    return found;
  }

  /** The text a reader sees: text nodes and the literal of inline HTML, concatenated. */
  static String text(Node root) {
    StringBuilder text = new StringBuilder();
    root.accept(new AbstractVisitor() {
      @Override
      public void visit(Text node) {
        text.append(node.getLiteral());
      }

      @Override
      public void visit(HtmlInline node) {
        text.append(node.getLiteral());
      }

      @Override
      public void visit(Code node) {
        text.append(node.getLiteral());
      }
    });
    return text.toString();
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\R", " ").replace('\t', ' ');
  }
}
