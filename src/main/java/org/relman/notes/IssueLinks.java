package org.relman.notes;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.stereotype.Component;

/**
 * Turns issue keys in commit messages ({@code ABC-123}, {@code #123}) into Markdown links, by the templates of
 * {@code relman.notes.issue-links}, while everything else in the text stays escaped as {@link org.relman.shared.Markdown}
 * escapes it. A link is built only from the configured template and the matched key, URL-encoded, so a commit message
 * can neither choose where a link goes nor break out of it; the templates are checked at start-up.
 */
@Component
public final class IssueLinks {

  /** No issue links: text is only escaped. */
  public static final IssueLinks NONE = new IssueLinks(List.of());

  /** Characters a template may hold besides its placeholders: none of them ends a Markdown link or a table cell. */
  private static final Pattern TEMPLATE = Pattern.compile("https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%{}-]+");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(key|\\d+)}");
  /** Stand-ins for the keys while the rest is escaped: private-use characters, removed from the text beforehand. */
  private static final char OPEN = '\uE000';
  private static final char CLOSE = '\uE001';

  private record Rule(Pattern pattern, String template) {}

  private final List<Rule> rules;

  @org.springframework.beans.factory.annotation.Autowired
  IssueLinks(NotesProperties properties) {
    this(properties.issueLinks());
  }

  private IssueLinks(List<NotesProperties.IssueLink> links) {
    List<Rule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < links.size(); i++) {
      String key = "relman.notes.issue-links[" + i + "]";
      NotesProperties.IssueLink link = links.get(i);
      Pattern pattern;
      try {
        pattern = Pattern.compile(link.pattern() == null ? "" : link.pattern());
      } catch (PatternSyntaxException e) {
        problems.add(key + ".pattern is not a regular expression: " + e.getDescription());
        continue;
      }
      if (link.pattern() == null || link.pattern().isBlank() || pattern.matcher("").matches()) {
        problems.add(key + ".pattern must match something, and not the empty text");
        continue;
      }
      String url = link.url() == null ? "" : link.url().strip();
      if (!TEMPLATE.matcher(url).matches()) {
        problems.add(key + ".url must be an http(s) URL without spaces, quotes, parentheses or angle brackets, got '"
            + url + "'");
        continue;
      }
      try {
        URI.create(PLACEHOLDER.matcher(url).replaceAll("x"));
      } catch (IllegalArgumentException e) {
        problems.add(key + ".url is not a URL once its placeholders are filled in: " + e.getMessage());
        continue;
      }
      Matcher placeholder = PLACEHOLDER.matcher(url);
      boolean any = false;
      while (placeholder.find()) {
        any = true;
        String name = placeholder.group(1);
        if (!name.equals("key") && Integer.parseInt(name) > pattern.matcher("").groupCount()) {
          problems.add(key + ".url names group {" + name + "}, but the pattern has " + pattern.matcher("").groupCount());
        }
      }
      if (!any) {
        problems.add(key + ".url must hold {key} or a group such as {1}, got '" + url + "'");
      }
      rules.add(new Rule(pattern, url));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid issue links: " + String.join("; ", problems));
    }
    this.rules = List.copyOf(rules);
  }

  /** Issue links by these settings; a bad one throws, naming its key. */
  public static IssueLinks of(List<NotesProperties.IssueLink> links) {
    return new IssueLinks(links);
  }

  /**
   * {@code text} escaped by {@code escape} (one of {@link org.relman.shared.Markdown}'s), with each issue key in it a
   * link to its issue.
   */
  public String markdown(Object value, Function<Object, String> escape) {
    if (rules.isEmpty() || value == null) {
      return escape.apply(value);
    }
    String text = value.toString().replace(OPEN, '\uFFFD').replace(CLOSE, '\uFFFD');
    List<String> links = new ArrayList<>();
    StringBuilder marked = new StringBuilder();
    int at = 0;
    while (at < text.length()) {
      Matcher first = null;
      Rule chosen = null;
      for (Rule rule : rules) {
        Matcher m = rule.pattern().matcher(text);
        if (m.find(at) && m.end() > m.start() && (first == null || m.start() < first.start())) {
          first = m;
          chosen = rule;
        }
      }
      if (first == null) {
        break;
      }
      marked.append(text, at, first.start()).append(OPEN).append(links.size()).append(CLOSE);
      links.add("[" + org.relman.shared.Markdown.text(first.group()) + "](" + url(chosen.template(), first) + ")");
      at = first.end();
    }
    marked.append(text.substring(at));
    String escaped = escape.apply(marked.toString());
    StringBuilder out = new StringBuilder(escaped.length() + 64);
    for (int i = 0; i < escaped.length(); i++) {
      char ch = escaped.charAt(i);
      int close = ch == OPEN ? escaped.indexOf(CLOSE, i) : -1;
      if (close > i) {
        out.append(links.get(Integer.parseInt(escaped.substring(i + 1, close))));
        i = close;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private static String url(String template, Matcher match) {
    Matcher placeholder = PLACEHOLDER.matcher(template);
    StringBuilder url = new StringBuilder();
    while (placeholder.find()) {
      String name = placeholder.group(1);
      String value = name.equals("key") ? match.group() : match.group(Integer.parseInt(name));
      placeholder.appendReplacement(url, Matcher.quoteReplacement(encode(value == null ? "" : value)));
    }
    placeholder.appendTail(url);
    return URI.create(url.toString()).toASCIIString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
