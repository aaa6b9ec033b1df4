package org.relman.shared;

/**
 * Text from requests and repositories (release names, commit subjects, file names, gate summaries, reasons, comments)
 * as Markdown shows it: literally. Whatever a person or a commit wrote cannot become a link, an image, HTML, emphasis,
 * a code span, a heading or a list, nor break out of a table cell. Evidence, release notes and the Camunda Forms'
 * text (the go/no-go basis, the freeze summary) put every such value through here.
 */
public final class Markdown {

  /**
   * Characters that open or close inline Markdown anywhere in a line (CommonMark, GFM tables and strikethrough).
   * Parentheses and {@code !} are left alone: without an unescaped {@code [} they make no link and no image.
   */
  private static final String INLINE = "\\`*_[]<>|~&";
  /** Characters that start a block when they begin a line: heading, quote, list, thematic break, setext underline. */
  private static final String LINE_START = "#>+-=";

  private Markdown() {}

  /** Inline text inside a line: special characters escaped, line breaks as spaces. Null is empty. */
  public static String text(Object value) {
    return escape(value, " ", false);
  }

  /**
   * Text that begins a line or a list item, where {@code #}, {@code >}, {@code -}, {@code +}, {@code =} or
   * {@code 1.} would start a heading, a quote, a list or a rule: like {@link #text}, those escaped too.
   */
  public static String block(Object value) {
    return escape(value, " ", true);
  }

  /** Inline text for a table cell: like {@link #text}, line breaks kept as {@code <br>}. Null is empty. */
  public static String cell(Object value) {
    return escape(value, "<br>", false);
  }

  /**
   * A code span that shows {@code value} verbatim: its backticks are longer than any run in the value, and a value
   * that begins or ends with a backtick is padded, as CommonMark asks. Line breaks become spaces; in a table cell the
   * caller escapes {@code |} (GFM splits cells before it reads code spans).
   */
  public static String code(Object value) {
    String text = value == null ? "" : value.toString().replaceAll("\\R", " ");
    String fence = "`".repeat(longestBacktickRun(text) + 1);
    boolean pad = text.startsWith("`") || text.endsWith("`") || text.isBlank();
    return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
  }

  /** A fence for a fenced code block around {@code text}: longer than any run of backticks in it, at least three. */
  public static String fence(String text) {
    return "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  }

  private static String escape(Object value, String lineBreak, boolean startsLine) {
    if (value == null) {
      return "";
    }
    String text = value.toString().strip();
    StringBuilder out = new StringBuilder(text.length() + 16);
    boolean lineStart = startsLine;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\r' || ch == '\n') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        out.append(lineBreak);
        continue;
      }
      if (INLINE.indexOf(ch) >= 0 || lineStart && LINE_START.indexOf(ch) >= 0) {
        out.append('\\');
      } else if (lineStart && Character.isDigit(ch)) {
        // "1. " or "1) " would start an ordered list: escape the dot or parenthesis after the digits
        int end = i;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
          end++;
        }
        if (end < text.length() && (text.charAt(end) == '.' || text.charAt(end) == ')')) {
          out.append(text, i, end).append('\\').append(text.charAt(end));
          i = end;
          lineStart = false;
          continue;
        }
      }
      if (ch == '\t') {
        out.append(' ');
      } else {
        out.append(ch);
      }
      lineStart = lineStart && (ch == ' ');
    }
    return out.toString();
  }

  private static int longestBacktickRun(String text) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }
}
