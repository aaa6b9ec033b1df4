package org.relman.notes;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code relman.notes.*}: how release notes and evidence show what commit messages refer to.
 *
 * @param issueLinks issue keys in commit messages that become links in release notes and evidence: each entry has a
 *     {@code pattern} (a Java regular expression, e.g. {@code [A-Z][A-Z0-9]+-\d+} for Jira keys or {@code #(\d+)} for
 *     GitHub issues) and a {@code url} template in which {@code {key}} is the whole match and {@code {1}}, {@code {2}},
 *     ... its groups, each URL-encoded (e.g. {@code https://jira.example.org/browse/{key}},
 *     {@code https://github.com/org/repo/issues/{1}}). The first pattern that matches at a place wins
 */
@ConfigurationProperties("relman.notes")
public record NotesProperties(List<IssueLink> issueLinks) {

  public NotesProperties {
    issueLinks = issueLinks == null ? List.of() : List.copyOf(issueLinks);
  }

  /**
   * One kind of issue key and where its issues are read.
   *
   * @param pattern a Java regular expression matching the key in a commit message
   * @param url the issue's address: {@code {key}} is the match, {@code {1}}, {@code {2}}, ... its groups
   */
  public record IssueLink(String pattern, String url) {}
}
