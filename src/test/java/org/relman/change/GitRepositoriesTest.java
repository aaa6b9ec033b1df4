package org.relman.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relman.RelmanProperties;
import org.relman.testing.GitFixture;
import org.relman.shared.FieldProblem;
import org.springframework.util.unit.DataSize;

/** Change sets read from real repositories made in the test: work trees, bare clones and mirrored remotes. */
class GitRepositoriesTest {

  @TempDir
  Path temp;

  private Path cache;
  private GitRepositories git;

  @BeforeEach
  void setUp() {
    cache = temp.resolve("git-cache");
    git = repositories(List.of("/**", "http://127.0.0.1:*/**"));
  }

  @Test
  void changeSetHoldsExactlyTheCommitsAfterTheTagNewestFirst() throws Exception {
    try (GitFixture repo = GitFixture.create(temp.resolve("repo"))) {
      RevCommit tagged = repo.commit("chore: initial import", "Ada Lovelace", "ada@example.org");
      repo.tag("v1");
      RevCommit first = repo.commit("feat(payments): accept cards\n\nCards are accepted.\nSecond line.", "Grace Hopper",
          "grace@example.org");
      RevCommit second = repo.commit("fix: typo", "Alan Turing", "alan@example.org");
      RevCommit third = repo.commit("docs: readme\n\n\n", "Grace Hopper", "grace@example.org");

      ChangeSet changes = git.collect(repo.path().toString(), "v1", "main");

      assertThat(changes.fromSha()).isEqualTo(tagged.name());
      assertThat(changes.toSha()).isEqualTo(third.name()).isEqualTo(repo.head());
      assertThat(changes.commits()).extracting(Commit::sha).containsExactly(third.name(), second.name(), first.name());

      Commit cards = changes.commits().get(2);
      assertThat(cards.authorName()).isEqualTo("Grace Hopper");
      assertThat(cards.authorEmail()).isEqualTo("grace@example.org");
      assertThat(cards.committedAt()).isEqualTo(Instant.ofEpochSecond(first.getCommitTime()));
      assertThat(cards.subject()).isEqualTo("feat(payments): accept cards");
      assertThat(cards.body()).isEqualTo("Cards are accepted.\nSecond line.");

      Commit typo = changes.commits().get(1);
      assertThat(typo.authorName()).isEqualTo("Alan Turing");
      assertThat(typo.authorEmail()).isEqualTo("alan@example.org");
      assertThat(typo.subject()).isEqualTo("fix: typo");
      assertThat(typo.body()).as("a message without a body").isNull();

      assertThat(changes.commits().get(0).subject()).isEqualTo("docs: readme");
      assertThat(changes.commits().get(0).body()).as("a body of blank lines only").isNull();
    }
  }

  @Test
  void changeSetIsEmptyWhenBothRefsAreTheSameCommit() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 0)) {
      ChangeSet changes = git.collect(repo.path().toString(), "v1", "main");

      assertThat(changes.commits()).isEmpty();
      assertThat(changes.fromSha()).isEqualTo(changes.toSha()).isEqualTo(repo.head());
    }
  }

  @Test
  void bareCloneIsReadLikeTheWorkTree() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 3)) {
      Path bare = bareClone(repo.path(), temp.resolve("bare.git"));

      ChangeSet fromWorkTree = git.collect(repo.path().toString(), "v1", "main");
      ChangeSet fromBare = git.collect(bare.toString(), "v1", "main");

      assertThat(fromBare.commits()).hasSize(3);
      assertThat(fromBare).isEqualTo(fromWorkTree);
    }
  }

  @Test
  void localFileUrlWithOneSlashIsReadInPlace() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 2)) {
      ChangeSet changes = git.collect("file:" + repo.path(), "v1", "main");

      assertThat(changes.commits()).hasSize(2);
      assertThat(cache).as("a local repository is not mirrored").doesNotExist();
    }
  }

  @Test
  void missingDirectoryIsUnavailableNamingTheRepository() {
    String url = temp.resolve("no-such-repo").toString();

    assertThatThrownBy(() -> git.collect(url, "v1", "main"))
        .isInstanceOf(ChangeSetUnavailable.class)
        .hasMessageContaining(url)
        .hasMessageContaining("does not exist");
  }

  @Test
  void directoryThatIsNoRepositoryIsUnavailableNamingIt() throws IOException {
    Path plain = Files.createDirectories(temp.resolve("plain"));
    Files.writeString(plain.resolve("README"), "not a repository");

    assertThatThrownBy(() -> git.collect(plain.toString(), "v1", "main"))
        .isInstanceOf(ChangeSetUnavailable.class)
        .hasMessageContaining(plain.toString())
        .hasMessageContaining("not a git repository");
  }

  @Test
  void unknownFromRefIsUnavailableNamingTheRef() {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      assertThatThrownBy(() -> git.collect(repo.path().toString(), "v0-never-tagged", "main"))
          .isInstanceOf(ChangeSetUnavailable.class)
          .hasMessageContaining("'v0-never-tagged'")
          .hasMessageContaining(repo.path().toString());
    }
  }

  @Test
  void unknownToRefIsUnavailableNamingTheRef() {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      assertThatThrownBy(() -> git.collect(repo.path().toString(), "v1", "release/never"))
          .isInstanceOf(ChangeSetUnavailable.class)
          .hasMessageContaining("'release/never'")
          .hasMessageContaining(repo.path().toString());
    }
  }

  @Test
  void checkFindsNothingWrongWithAGoodRepositoryAndRefs() {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      assertThat(git.check(repo.path().toString(), "v1", "main")).isEmpty();
    }
  }

  @Test
  void checkNamesTheRepositoryUrlWhenTheRepositoryIsMissing() {
    String url = temp.resolve("no-such-repo").toString();

    List<FieldProblem> problems = git.check(url, "v1", "main");

    assertThat(problems).extracting(FieldProblem::field).containsExactly("repository.url");
    assertThat(problems.get(0).message()).contains(url);
  }

  @Test
  void checkNamesEachUnknownRef() {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      List<FieldProblem> problems = git.check(repo.path().toString(), "v0", "topic");

      assertThat(problems).extracting(FieldProblem::field).containsExactly("repository.fromRef", "repository.toRef");
      assertThat(problems.get(0).message()).contains("'v0'");
      assertThat(problems.get(1).message()).contains("'topic'");
    }
  }

  @Test
  void checkNamesOnlyTheUnknownToRef() {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      List<FieldProblem> problems = git.check(repo.path().toString(), "v1", "topic");

      assertThat(problems).extracting(FieldProblem::field).containsExactly("repository.toRef");
    }
  }

  @Test
  void checkLeavesRemoteRepositoriesForLater() {
    assertThat(git.check("file:///nonexistent/repo.git", "v1", "main")).isEmpty();
    assertThat(cache).as("nothing is fetched at request time").doesNotExist();
  }

  @Test
  void fileUrlsWithAuthorityAndScpLikeAddressesAreRemote() {
    assertThat(GitRepositories.isRemote("file:///srv/git/payments.git")).isTrue();
    assertThat(GitRepositories.isRemote("https://git.example/payments.git")).isTrue();
    assertThat(GitRepositories.isRemote("git@git.example:team/payments.git")).isTrue();
    assertThat(GitRepositories.isRemote("/srv/git/payments.git")).isFalse();
    assertThat(GitRepositories.isRemote("file:/srv/git/payments.git")).isFalse();
  }

  @Test
  void remoteRepositoryIsMirroredIntoTheCacheDirectory() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("work"), 2)) {
      Path origin = bareClone(repo.path(), temp.resolve("origin.git"));

      ChangeSet changes = git.collect(origin.toUri().toString(), "v1", "main");

      assertThat(changes.commits()).hasSize(2);
      assertThat(changes.toSha()).isEqualTo(repo.head());
      try (Stream<Path> mirrors = Files.list(cache)) {
        List<Path> all = mirrors.toList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).resolve("objects")).isDirectory();
        assertThat(all.get(0).resolve("HEAD")).isRegularFile();
      }
    }
  }

  @Test
  void remoteRepositoryIsFetchedAgainOnEveryRead() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("work"), 1)) {
      Path origin = bareClone(repo.path(), temp.resolve("origin.git"));
      String url = origin.toUri().toString();
      assertThat(git.collect(url, "v1", "main").commits()).hasSize(1);

      RevCommit pushed = repo.commit("feat: pushed later", "Grace Hopper", "grace@example.org");
      push(repo.path(), origin);
      ChangeSet changes = git.collect(url, "v1", "main");

      assertThat(changes.commits()).hasSize(2);
      assertThat(changes.commits().get(0).sha()).isEqualTo(pushed.name());
      assertThat(changes.toSha()).isEqualTo(pushed.name());
    }
  }

  @Test
  void remoteWorkTreeSeesCommitsMadeAfterTheFirstRead() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("work"), 1)) {
      String url = repo.path().toUri().toString();
      assertThat(git.collect(url, "v1", "main").commits()).hasSize(1);

      RevCommit later = repo.commit("fix: committed later", "Alan Turing", "alan@example.org");

      assertThat(git.collect(url, "v1", "main").toSha()).isEqualTo(later.name());
    }
  }

  @Test
  void tagDeletedAtTheRemoteIsUnavailableOnTheNextRead() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("work"), 1)) {
      String url = repo.path().toUri().toString();
      assertThat(git.collect(url, "v1", "main").commits()).hasSize(1);

      repo.deleteTag("v1");

      assertThatThrownBy(() -> git.collect(url, "v1", "main"))
          .isInstanceOf(ChangeSetUnavailable.class)
          .hasMessageContaining("'v1'");
    }
  }

  @Test
  void unknownRemoteRepositoryIsUnavailable() {
    String url = "file:///nonexistent/relman-test/" + temp.getFileName() + ".git";

    assertThatThrownBy(() -> git.collect(url, "v1", "main"))
        .isInstanceOf(ChangeSetUnavailable.class)
        .hasMessageContaining(url);
    assertThatThrownBy(() -> git.collect(url, "v1", "main"))
        .as("a failed first mirror leaves nothing behind that breaks the next read")
        .isInstanceOf(ChangeSetUnavailable.class);
  }

  @Test
  void plainFileIsNotAGitRepository() throws IOException {
    Path file = Files.writeString(temp.resolve("payments.git"), "not a repository");

    assertThatThrownBy(() -> git.collect(file.toString(), "v1", "main"))
        .isInstanceOf(ChangeSetUnavailable.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void remoteThatWasRemovedAfterItWasMirroredIsUnavailable() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("work"), 1)) {
      Path origin = bareClone(repo.path(), temp.resolve("origin.git"));
      String url = origin.toUri().toString();
      assertThat(git.collect(url, "v1", "main").commits()).hasSize(1);

      org.eclipse.jgit.util.FileUtils.delete(origin.toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);

      assertThatThrownBy(() -> git.collect(url, "v1", "main"))
          .as("the mirror must not answer for a repository that is gone")
          .isInstanceOf(ChangeSetUnavailable.class)
          .hasMessageContaining(url);
    }
  }

  @Test
  void unreachableRemoteIsATechnicalFaultWorthRetryingNotAMissingRepository() {
    String url = "http://127.0.0.1:1/payments.git";

    assertThatThrownBy(() -> git.collect(url, "v1", "main"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(url);
  }

  // ---------------------------------------------------------------------------------------------- allowed URLs

  @Test
  void urlsOutsideTheAllowedListGetOneAnswerWhateverIsThere() throws Exception {
    GitRepositories onlyAllowed = repositories(List.of(temp.resolve("allowed") + "/**"));
    try (GitFixture outside = GitFixture.withChanges(temp.resolve("outside/repo"), 1)) {
      Path plain = Files.createDirectories(temp.resolve("outside/plain"));
      List<String> urls = List.of(outside.path().toString(), plain.toString(), temp.resolve("outside/none").toString(),
          "/etc", "file://" + outside.path(), temp.resolve("allowed/../outside/repo").toString());

      for (String url : urls) {
        List<FieldProblem> problems = onlyAllowed.check(url, "v1", "main");

        assertThat(problems).as(url).containsExactly(new FieldProblem("repository.url", AllowedUrls.NOT_ALLOWED));
        assertThatThrownBy(() -> onlyAllowed.collect(url, "v1", "main")).as(url)
            .isInstanceOf(ChangeSetUnavailable.class)
            .hasMessage("the repository URL " + AllowedUrls.NOT_ALLOWED);
      }
      assertThat(cache).as("nothing was fetched").doesNotExist();
    }
  }

  @Test
  void insideTheAllowedListAMissingRepositoryIsStillNamedPrecisely() {
    GitRepositories onlyAllowed = repositories(List.of(temp.resolve("allowed") + "/**"));
    String missing = temp.resolve("allowed/no-such-repo").toString();

    assertThat(onlyAllowed.check(missing, "v1", "main")).singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains(missing, "does not exist"));
  }

  @Test
  void remoteUrlOutsideTheAllowedListIsRefusedAtRequestTime() {
    GitRepositories onlyAllowed = repositories(List.of("https://git.example.org/team/*"));

    assertThat(onlyAllowed.check("https://git.example.org/team/payments.git", "v1", "main")).isEmpty();
    assertThat(onlyAllowed.check("https://git.example.org/other/payments.git", "v1", "main"))
        .containsExactly(new FieldProblem("repository.url", AllowedUrls.NOT_ALLOWED));
    assertThat(onlyAllowed.check("https://evil.example/team/payments.git", "v1", "main"))
        .containsExactly(new FieldProblem("repository.url", AllowedUrls.NOT_ALLOWED));
  }

  @Test
  void demoModeWithoutAllowedUrlsReadsAnyLocalPathAndNoRemote() {
    GitRepositories demo = new GitRepositories(new RelmanProperties.Git(cache), true);
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      assertThat(demo.check(repo.path().toString(), "v1", "main")).isEmpty();
      assertThat(demo.check("https://git.example.org/payments.git", "v1", "main"))
          .containsExactly(new FieldProblem("repository.url", AllowedUrls.NOT_ALLOWED));
    }
  }

  @Test
  void urlWithCredentialsIsRefusedWithoutRepeatingThem() {
    GitRepositories https = repositories(List.of("https://git.example.org/**"));
    String url = "https://relman:s3cr3t-token@git.example.org/team/payments.git";

    List<FieldProblem> problems = https.check(url, "v1", "main");

    assertThat(problems).containsExactly(new FieldProblem("repository.url", AllowedUrls.CREDENTIALS));
    assertThat(problems.get(0).message()).doesNotContain("s3cr3t-token").contains("relman.git.credentials");
    assertThatThrownBy(() -> https.collect(url, "v1", "main"))
        .isInstanceOf(ChangeSetUnavailable.class)
        .hasMessageNotContaining("s3cr3t-token");
  }

  // ---------------------------------------------------------------------------------------------- size and time

  @Test
  void remoteRepositoryLargerThanTheLimitIsRefusedAndItsMirrorRemoved() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("work"), 0)) {
      for (int i = 0; i < 8; i++) {
        repo.commitBytes("assets/blob-" + i + ".bin", random(i, 64 * 1024), "feat: asset " + i);
      }
      String url = bareClone(repo.path(), temp.resolve("big.git")).toUri().toString();
      GitRepositories bounded = bounded(DataSize.ofKilobytes(128), Duration.ofMinutes(1));

      assertThatThrownBy(() -> bounded.collect(url, "v1", "main"))
          .isInstanceOf(ChangeSetUnavailable.class)
          .hasMessageContaining(url)
          .hasMessageContaining("larger than relman.git.max-size (131072B)");
      assertThat(mirrors()).as("the mirror is removed").isEmpty();
    }
  }

  @Test
  void singleObjectLargerThanTheLimitIsStoppedWhileItStreams() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("work"), 0)) {
      repo.commitBytes("dump.bin", random(7, 2 * 1024 * 1024), "chore: a database dump nobody should commit");
      String url = bareClone(repo.path(), temp.resolve("dump.git")).toUri().toString();
      GitRepositories bounded = bounded(DataSize.ofKilobytes(256), Duration.ofMinutes(1));

      assertThatThrownBy(() -> bounded.collect(url, "v1", "main"))
          .isInstanceOf(ChangeSetUnavailable.class)
          .hasMessageContaining("larger than relman.git.max-size");
      assertThat(mirrors()).isEmpty();
    }
  }

  @Test
  void mirrorThatOutgrowsTheLimitOnALaterFetchIsRemoved() throws Exception {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("work"), 1)) {
      Path origin = bareClone(repo.path(), temp.resolve("origin.git"));
      String url = origin.toUri().toString();
      GitRepositories bounded = bounded(DataSize.ofKilobytes(256), Duration.ofMinutes(1));
      assertThat(bounded.collect(url, "v1", "main").commits()).hasSize(1);
      assertThat(mirrors()).hasSize(1);

      for (int i = 0; i < 6; i++) {
        repo.commitBytes("assets/blob-" + i + ".bin", random(i, 64 * 1024), "feat: asset " + i);
      }
      push(repo.path(), origin);

      assertThatThrownBy(() -> bounded.collect(url, "v1", "main"))
          .isInstanceOf(ChangeSetUnavailable.class)
          .hasMessageContaining("larger than relman.git.max-size");
      assertThat(mirrors()).isEmpty();
    }
  }

  @Test
  void remoteThatStaysSilentIsAbandonedAfterTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        List<Socket> held = new ArrayList<>();
        try {
          while (!silent.isClosed()) {
            held.add(silent.accept());
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/payments.git";
      GitRepositories bounded = bounded(DataSize.ofMegabytes(10), Duration.ofSeconds(1));
      long started = System.nanoTime();

      assertThatThrownBy(() -> bounded.collect(url, "v1", "main"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("within relman.git.timeout (PT1S)");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
      assertThat(mirrors()).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------- https credentials

  @Test
  void httpsCredentialsComeFromTheConfigurationAndOnlyForTheirRemotes() throws Exception {
    List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      var settings = new RelmanProperties.Git(cache, List.of(base + "/**"), Duration.ofSeconds(10),
          DataSize.ofMegabytes(10), List.of(new RelmanProperties.GitCredentials(base + "/team/**", "relman",
          "s3cr3t-token")), null);
      GitRepositories withCredentials = new GitRepositories(settings, false);

      assertThatThrownBy(() -> withCredentials.collect(base + "/team/payments.git", "v1", "main"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("relman.git.credentials")
          .hasMessageNotContaining("s3cr3t-token");
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("relman:s3cr3t-token".getBytes());
      assertThat(authorizations).as("asked without, then with the configured credentials").contains("null", basic);

      authorizations.clear();
      assertThatThrownBy(() -> withCredentials.collect(base + "/other/payments.git", "v1", "main"))
          .isInstanceOf(IOException.class);
      assertThat(authorizations).as("another remote never sees them").isNotEmpty().allMatch("null"::equals);
    } finally {
      server.stop(0);
    }
  }

  private GitRepositories bounded(DataSize maxSize, Duration timeout) {
    return new GitRepositories(new RelmanProperties.Git(cache, List.of("/**", "http://127.0.0.1:*/**"), timeout,
        maxSize, null, null), false);
  }

  private List<Path> mirrors() throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> mirrors = Files.list(cache)) {
      return mirrors.toList();
    }
  }

  private static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  private GitRepositories repositories(List<String> allowedUrls) {
    return new GitRepositories(new RelmanProperties.Git(cache, allowedUrls, null, null, null, null), false);
  }

  private static Path bareClone(Path source, Path target) throws Exception {
    Git.cloneRepository().setURI(source.toUri().toString()).setDirectory(target.toFile()).setBare(true)
        .setCloneAllBranches(true).call().close();
    return target;
  }

  private static void push(Path workTree, Path origin) throws Exception {
    try (Git work = Git.open(workTree.toFile())) {
      work.push().setRemote(origin.toUri().toString()).add("main").call();
    }
  }
}
