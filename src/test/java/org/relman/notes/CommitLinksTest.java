package org.relman.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommitLinksTest {

  private static final String SHA = "9c1e4b7f0a2d3c5e6f708192a3b4c5d6e7f80912";

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
      // GitHub: https with and without .git or trailing slash, scp-like ssh, ssh:// with and without port
      "https://github.com/acme/payments.git, https://github.com/acme/payments/commit/",
      "https://github.com/acme/payments, https://github.com/acme/payments/commit/",
      "https://github.com/acme/payments/, https://github.com/acme/payments/commit/",
      "git@github.com:acme/payments.git, https://github.com/acme/payments/commit/",
      "ssh://git@github.com/acme/payments.git, https://github.com/acme/payments/commit/",
      "ssh://git@github.com:22/acme/payments.git, https://github.com/acme/payments/commit/",
      "HTTPS://GitHub.com/Acme/Payments.git, https://github.com/Acme/Payments/commit/",
      // credentials never reach a link
      "https://ci-bot:s3cr3t-token@github.com/acme/payments.git, https://github.com/acme/payments/commit/",
      "https://github.example.org/acme/payments.git, https://github.example.org/acme/payments/commit/",
      // GitLab: nested groups, self-hosted with a web port (kept) and an ssh port (dropped)
      "https://gitlab.com/acme/platform/payments.git, https://gitlab.com/acme/platform/payments/-/commit/",
      "git@gitlab.com:acme/payments.git, https://gitlab.com/acme/payments/-/commit/",
      "https://gitlab.example.org:8443/team/payments.git, https://gitlab.example.org:8443/team/payments/-/commit/",
      "ssh://git@gitlab.example.org:2222/team/payments.git, https://gitlab.example.org/team/payments/-/commit/",
      // Bitbucket Cloud
      "https://bitbucket.org/acme/payments.git, https://bitbucket.org/acme/payments/commits/",
      "https://erin@bitbucket.org/acme/payments.git, https://bitbucket.org/acme/payments/commits/",
      "git@bitbucket.org:acme/payments.git, https://bitbucket.org/acme/payments/commits/",
      // Gitea and Forgejo: Codeberg, gitea.com, self-hosted gitea.*
      "https://codeberg.org/acme/payments.git, https://codeberg.org/acme/payments/commit/",
      "git@codeberg.org:acme/payments.git, https://codeberg.org/acme/payments/commit/",
      "https://gitea.com/acme/payments, https://gitea.com/acme/payments/commit/",
      "ssh://git@gitea.example.org:2222/acme/payments.git, https://gitea.example.org/acme/payments/commit/",
  })
  void knownHostsLinkToTheWebPageOfTheCommit(String repository, String commitBase) {
    var links = CommitLinks.of(repository);

    assertThat(links).isPresent();
    assertThat(links.get().commit(SHA)).isEqualTo(commitBase + SHA);
    assertThat(links.get().repository() + "/").isEqualTo(commitBase.replaceAll("(/-)?/commits?/$", "/"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "/srv/git/payments.git",
      "/tmp/payments",
      "file:///srv/git/payments.git",
      "payments",
      "../payments",
      "https://git.example.org/acme/payments.git",
      "git@git.example.org:acme/payments.git",
      "https://github.com/acme",
      "https://github.com/",
      "ftp://github.com/acme/payments.git",
      "https://github.com/acme/../payments",
      "",
      "   "})
  void localPathsAndUnknownHostsHaveNoLink(String repository) {
    assertThat(CommitLinks.of(repository)).isEmpty();
  }
}
