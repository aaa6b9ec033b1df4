package org.relman.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README, in docs/ and in bench/README.md points to a file that exists, so moving a class,
 * a model or a page breaks the build until the links follow. Web links and anchors are not checked; for
 * {@code file#anchor} only the file is.
 */
class DocLinksTest {

  /** Pages that are linked before they are written; remove an entry once its page exists. */
  private static final Set<String> PENDING = Set.of();

  private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

  @Test
  void everyRelativeLinkPointsToAFileThatExists() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages()) {
      for (String target : relativeLinks(Files.readString(page))) {
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = page.getParent() == null ? Path.of(file) : page.getParent().resolve(file);
        String key = resolved.normalize().toString().replace('\\', '/');
        checked++;
        if (!Files.exists(resolved) && !PENDING.contains(key)) {
          broken.add(page + " -> " + target);
        }
      }
    }

    assertThat(checked).as("relative links found").isGreaterThan(100);
    assertThat(broken).as("links to files that do not exist").isEmpty();
  }

  @Test
  void readmeStaysAFiveMinuteRead() throws IOException {
    assertThat(Files.readAllLines(Path.of("README.md"))).as("README.md lines; the rest belongs in docs/").hasSizeLessThanOrEqualTo(250);
  }

  @Test
  void linksInCodeAreNotLinks() {
    assertThat(relativeLinks("""
        See [the guide](docs/a.md#part), ![picture](docs/b.svg "title") and [web](https://example.org).
        [anchor](#here) `[not](c.md)`
        ```sh
        grep -o '[x](d.md)'
        ```
        [ref]: docs/e.md
        """)).containsExactly("docs/a.md#part", "docs/b.svg", "docs/e.md");
  }

  private static void inlineLinks(String paragraph, List<String> targets) {
    Matcher inline = INLINE.matcher(CODE_SPAN.matcher(paragraph).replaceAll(""));
    while (inline.find()) {
      targets.add(inline.group(1));
    }
  }

  /** README.md, every Markdown file under docs/, and bench/README.md. */
  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench/README.md")));
    try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The link targets of a Markdown text that are neither web links nor anchors, outside code. */
  static List<String> relativeLinks(String markdown) {
    List<String> targets = new ArrayList<>();
    // a link may wrap across lines within a paragraph: match on whole paragraphs outside fenced code
    var paragraph = new StringBuilder();
    boolean fenced = false;
    for (String line : (markdown + "\n").split("\n", -1)) {
      boolean fence = line.strip().startsWith("```");
      if (fenced || fence || line.isBlank()) {
        inlineLinks(paragraph.toString(), targets);
        paragraph.setLength(0);
        fenced = fence != fenced;
        continue;
      }
      Matcher reference = REFERENCE.matcher(line);
      if (reference.matches()) {
        targets.add(reference.group(1));
      } else {
        paragraph.append(line).append(' ');
      }
    }
    targets.removeIf(t -> t.startsWith("#") || t.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*"));
    return targets;
  }
}
