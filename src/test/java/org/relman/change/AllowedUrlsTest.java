package org.relman.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The patterns of relman.git.allowed-urls, and the URLs that must never pass them. */
class AllowedUrlsTest {

  private final AllowedUrls allowed = new AllowedUrls(List.of(
      "https://git.example.org/**",
      "ssh://git@git.example.org/team/*",
      "git@git.example.org:team/*",
      "/srv/git/**",
      "file:///opt/mirrors/*.git"), false);

  @ParameterizedTest
  @ValueSource(strings = {
      "https://git.example.org/payments.git",
      "https://git.example.org/team/sub/payments.git",
      "ssh://git@git.example.org/team/payments.git",
      "git@git.example.org:team/payments.git",
      "/srv/git/payments.git",
      "/srv/git/team/payments",
      "/srv/git/./payments.git",
      "file:///srv/git/payments.git",
      "file:/srv/git/payments.git",
      "/opt/mirrors/payments.git",
      "file:///opt/mirrors/payments.git"})
  void urlsThePatternsNameAreAllowed(String url) {
    assertThat(allowed.refusal(url)).as(url).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://git.example.org.evil.example/payments.git",
      "https://evil.example/git.example.org/payments.git",
      "http://git.example.org/payments.git",
      "https://git.example.org/team/../../elsewhere.git",
      "https://git.example.org/team/%2e%2e/elsewhere.git",
      "https://git.example.org\\\\evil.example/payments.git",
      "ssh://git@git.example.org/team/sub/payments.git",
      "ssh://git@git.example.org:2222/team/payments.git",
      "ssh://root@git.example.org/team/payments.git",
      "git@git.example.org:other/payments.git",
      "git@git.example.org:team/../other/payments.git",
      "/srv/git/../../etc/passwd",
      "/srv/gitolite/payments.git",
      "/srv/git",
      "file:///srv/git/../../etc",
      "/opt/mirrors/team/payments.git",
      "relative/payments.git",
      "/srv/git/pay ments.git",
      " "})
  void everythingElseGetsTheOneRefusal(String url) {
    assertThat(allowed.refusal(url)).as(url).contains(AllowedUrls.NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://relman:token@git.example.org/payments.git",
      "https://ghp_0123456789abcdef@git.example.org/payments.git",
      "http://user@git.example.org/payments.git",
      "ssh://git:password@git.example.org/team/payments.git",
      "git:password@git.example.org:team/payments.git",
      "file://user:password@localhost/srv/git/payments.git",
      "https://git.example.org\\\\@evil.example/payments.git"})
  void urlsWithCredentialsAreRefusedEvenWhenTheyWouldMatch(String url) {
    assertThat(allowed.refusal(url)).as(url).contains(AllowedUrls.CREDENTIALS);
  }

  @Test
  void theRefusalsNeverRepeatTheUrl() {
    assertThat(AllowedUrls.NOT_ALLOWED).doesNotContain("%s");
    assertThat(allowed.refusal("https://relman:token@git.example.org/payments.git"))
        .hasValueSatisfying(message -> assertThat(message).doesNotContain("token").doesNotContain("git.example.org"));
  }

  @Test
  void demoModeWithoutPatternsAllowsAnyLocalPathAndNoRemote() {
    AllowedUrls demo = new AllowedUrls(List.of(), true);

    assertThat(demo.refusal("/home/ada/payments")).isEmpty();
    assertThat(demo.refusal("relative/payments")).isEmpty();
    assertThat(demo.refusal("file:///home/ada/payments.git")).isEmpty();
    assertThat(demo.refusal("https://git.example.org/payments.git")).contains(AllowedUrls.NOT_ALLOWED);
    assertThat(demo.refusal("git@git.example.org:payments.git")).contains(AllowedUrls.NOT_ALLOWED);
  }

  @Test
  void anEmptyListOutsideDemoModeAllowsNothing() {
    assertThat(new AllowedUrls(List.of(), false).refusal("/srv/git/payments.git")).isEqualTo(
        Optional.of(AllowedUrls.NOT_ALLOWED));
  }

  @Test
  void relativeLocalPathsAreMatchedAsTheAbsolutePathTheyName() {
    String here = java.nio.file.Path.of("").toAbsolutePath().toString();
    AllowedUrls inWorkingDirectory = new AllowedUrls(List.of(here + "/repos/**"), false);

    assertThat(inWorkingDirectory.refusal("repos/payments.git")).isEmpty();
    assertThat(inWorkingDirectory.refusal("repos/../payments.git")).contains(AllowedUrls.NOT_ALLOWED);
  }
}
