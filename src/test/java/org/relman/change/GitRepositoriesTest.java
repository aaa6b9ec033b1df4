package org.relman.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relman.RelmanProperties;
import org.relman.testing.TestProperties;
import org.relman.testing.GitFixture;
import org.relman.shared.FieldProblem;

/** Change sets read from real repositories made in the test: work trees, bare clones and mirrored remotes. */
class GitRepositoriesTest {

  @TempDir
  Path temp;

  private Path cache;
  private GitRepositories git;

  @BeforeEach
  void setUp() {
    cache = temp.resolve("git-cache");
    git = new GitRepositories(TestProperties.of("git", new RelmanProperties.Git(cache)));
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
  void checkLocalFindsNothingWrongWithAGoodRepositoryAndRefs() {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      assertThat(git.checkLocal(repo.path().toString(), "v1", "main")).isEmpty();
    }
  }

  @Test
  void checkLocalNamesTheRepositoryUrlWhenTheRepositoryIsMissing() {
    String url = temp.resolve("no-such-repo").toString();

    List<FieldProblem> problems = git.checkLocal(url, "v1", "main");

    assertThat(problems).extracting(FieldProblem::field).containsExactly("repository.url");
    assertThat(problems.get(0).message()).contains(url);
  }

  @Test
  void checkLocalNamesEachUnknownRef() {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      List<FieldProblem> problems = git.checkLocal(repo.path().toString(), "v0", "topic");

      assertThat(problems).extracting(FieldProblem::field).containsExactly("repository.fromRef", "repository.toRef");
      assertThat(problems.get(0).message()).contains("'v0'");
      assertThat(problems.get(1).message()).contains("'topic'");
    }
  }

  @Test
  void checkLocalNamesOnlyTheUnknownToRef() {
    try (GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 1)) {
      List<FieldProblem> problems = git.checkLocal(repo.path().toString(), "v1", "topic");

      assertThat(problems).extracting(FieldProblem::field).containsExactly("repository.toRef");
    }
  }

  @Test
  void checkLocalLeavesRemoteRepositoriesForLater() {
    assertThat(git.checkLocal("file:///nonexistent/repo.git", "v1", "main")).isEmpty();
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
