package org.relman.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relman.RelmanProperties;
import org.relman.shared.FieldProblem;
import org.relman.testing.GitFixture;
import org.relman.testing.SshGitServer;

/**
 * Change sets over SSH from a real SSH server started in the test (Apache MINA sshd serving git-upload-pack), with a
 * key pair made in the test: {@code ssh://} and the scp-like {@code git@host:path} form, the key and the known hosts
 * from relman's settings, and the refusals an operator must be able to read (a key the server does not know, a host
 * key that changed) without a secret in them.
 */
class GitRepositoriesSshTest {

  private static final String PASSPHRASE = SshGitServer.RelmansKey.PASSPHRASE;
  private static final KeyPair RELMANS_KEY = SshGitServer.RelmansKey.PAIR;
  private static final String RELMANS_KEY_TEXT = SshGitServer.RelmansKey.ENCRYPTED;
  private static final String RELMANS_PLAIN_KEY_TEXT = SshGitServer.RelmansKey.PLAIN;

  @TempDir
  Path temp;

  private SshGitServer server;
  private KeyPair relmansKey;
  /** The encrypted key, for the tests about the key; {@link #plainKeyFile} where the key is not the subject. */
  private Path keyFile;
  private Path plainKeyFile;
  private Path knownHosts;
  private GitFixture work;
  private RevCommit tagged;
  private RevCommit head;

  @BeforeEach
  void setUp() throws Exception {
    server = SshGitServer.start(temp.resolve("served"));
    relmansKey = RELMANS_KEY;
    server.authorize(relmansKey.getPublic());
    keyFile = temp.resolve("keys/relman_ecdsa");
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, RELMANS_KEY_TEXT, java.nio.charset.StandardCharsets.US_ASCII);
    plainKeyFile = Files.writeString(temp.resolve("keys/relman_ecdsa_plain"), RELMANS_PLAIN_KEY_TEXT,
        java.nio.charset.StandardCharsets.US_ASCII);
    knownHosts = Files.writeString(temp.resolve("keys/known_hosts"), server.knownHostsLine() + "\n");
    work = GitFixture.withChanges(temp.resolve("work"), 0);
    tagged = work.commit("chore: initial import", "Ada Lovelace", "ada@example.org");
    work.tag("v2");
    work.commit("feat(payments): accept cards", "Grace Hopper", "grace@example.org");
    head = work.commit("fix(payments): round half even", "Alan Turing", "alan@example.org");
    Git.cloneRepository().setURI(work.path().toUri().toString()).setDirectory(server.root().resolve("payments.git")
        .toFile()).setBare(true).setCloneAllBranches(true).call().close();
  }

  @AfterEach
  void tearDown() {
    server.close();
    work.close();
  }

  @Test
  void changeSetIsCollectedOverSshWithTheConfiguredKey() throws Exception {
    GitRepositories git = repositories(ssh(keyFile, null, PASSPHRASE, knownHosts, true, null));

    ChangeSet changes = git.collect(server.url("payments.git"), "v2", "main");

    assertThat(changes.fromSha()).isEqualTo(tagged.name());
    assertThat(changes.toSha()).isEqualTo(head.name());
    assertThat(changes.commits()).extracting(Commit::subject)
        .containsExactly("fix(payments): round half even", "feat(payments): accept cards");
    assertThat(server.commands()).allMatch(command -> command.startsWith("git-upload-pack")).isNotEmpty();
  }

  @Test
  void secondReadFetchesWhatWasPushedMeanwhile() throws Exception {
    GitRepositories git = repositories(ssh(plainKeyFile, null, null, knownHosts, true, null));
    String url = server.url("payments.git");
    assertThat(git.collect(url, "v2", "main").commits()).hasSize(2);

    RevCommit later = work.commit("feat: pushed later", "Grace Hopper", "grace@example.org");
    try (Git repo = Git.open(work.path().toFile())) {
      repo.push().setRemote(server.root().resolve("payments.git").toUri().toString()).add("main").call();
    }

    assertThat(git.collect(url, "v2", "main").toSha()).isEqualTo(later.name());
  }

  @Test
  void scpLikeAddressReachesItsPortThroughTheSshConfigFile() throws Exception {
    Path config = Files.writeString(temp.resolve("keys/config"), """
        Host relman-git
          HostName 127.0.0.1
          Port %d
        """.formatted(server.port()));
    GitRepositories git = new GitRepositories(new RelmanProperties.Git(temp.resolve("cache"),
        List.of("git@relman-git:*"), null, null, null, ssh(plainKeyFile, null, null, knownHosts, true, config)), false);

    ChangeSet changes = git.collect("git@relman-git:payments.git", "v2", "main");

    assertThat(changes.toSha()).isEqualTo(head.name());
    assertThat(server.commands()).anyMatch(command -> command.contains("payments.git"));
  }

  @Test
  void keyGivenAsTextWorksLikeAKeyFile() throws Exception {
    GitRepositories git = repositories(ssh(null, RELMANS_PLAIN_KEY_TEXT, null, knownHosts, true, null));

    assertThat(git.collect(server.url("payments.git"), "v2", "main").commits()).hasSize(2);
  }

  @Test
  void keyTheServerDoesNotKnowIsRefusedWithAClearMessageAndNoSecret() {
    // unencrypted: the key is the subject here; that no passphrase is ever told is the wrong-passphrase test's
    KeyPair stranger = SshGitServer.newKeyPair();
    String text = SshGitServer.privateKeyText(stranger, null);
    GitRepositories git = repositories(ssh(null, text, null, knownHosts, true, null));
    String url = server.url("payments.git");

    assertThatThrownBy(() -> git.collect(url, "v2", "main"))
        .as("a technical fault an operator fixes, retried meanwhile; not a missing repository")
        .isInstanceOf(IOException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("the server refused relman's SSH key")
        .hasMessageNotContaining("PRIVATE KEY");
    assertThat(server.commands()).as("nothing ran on the server").isEmpty();
  }

  @Test
  void hostKeyThatDiffersFromTheKnownOneIsRefusedUnderStrictChecking() throws Exception {
    Files.writeString(knownHosts, impostorLine());
    GitRepositories git = repositories(ssh(plainKeyFile, null, null, knownHosts, true, null));

    assertThatThrownBy(() -> git.collect(server.url("payments.git"), "v2", "main"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the host key of 127.0.0.1:" + server.port() + " does not match the one in " + knownHosts);
    assertThat(server.commands()).isEmpty();
  }

  @Test
  void hostKeyThatDiffersFromTheKnownOneIsRefusedEvenWithoutStrictChecking() throws Exception {
    String impostor = impostorLine();
    Files.writeString(knownHosts, impostor);
    GitRepositories git = repositories(ssh(plainKeyFile, null, null, knownHosts, false, null));

    assertThatThrownBy(() -> git.collect(server.url("payments.git"), "v2", "main"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not match");
    assertThat(Files.readString(knownHosts)).as("the known key is not replaced").isEqualTo(impostor);
  }

  @Test
  void unknownHostIsRefusedUnderStrictChecking() throws Exception {
    Files.writeString(knownHosts, "");
    GitRepositories git = repositories(ssh(plainKeyFile, null, null, knownHosts, true, null));

    assertThatThrownBy(() -> git.collect(server.url("payments.git"), "v2", "main"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the host key of 127.0.0.1:" + server.port() + " is not in " + knownHosts);
  }

  @Test
  void unknownHostIsAcceptedAndRememberedWithoutStrictChecking() throws Exception {
    Path fresh = temp.resolve("fresh/known_hosts");
    GitRepositories git = repositories(ssh(plainKeyFile, null, null, fresh, false, null));

    assertThat(git.collect(server.url("payments.git"), "v2", "main").commits()).hasSize(2);

    assertThat(Files.readString(fresh).strip()).isEqualTo(server.knownHostsLine());
  }

  @Test
  void wrongPassphraseStopsTheStartNamingTheKeyNeverThePassphrase() {
    var settings = ssh(keyFile, null, "not the passphrase", knownHosts, true, null);

    assertThatThrownBy(() -> repositories(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("relman.git.ssh.private-key-file (" + keyFile + ")")
        .hasMessageContaining("relman.git.ssh.passphrase")
        .hasMessageNotContaining("not the passphrase")
        .hasMessageNotContaining(PASSPHRASE);
  }

  @Test
  void keyTextThatIsNoKeyStopsTheStartWithoutRepeatingIt() {
    var settings = ssh(null, "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----",
        null, knownHosts, true, null);

    assertThatThrownBy(() -> repositories(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("relman.git.ssh.private-key")
        .hasMessageNotContaining("bm90IGEga2V5");
  }

  @Test
  void sshUrlWithAPasswordIsRefusedWithoutRepeatingIt() {
    GitRepositories git = repositories(ssh(plainKeyFile, null, null, knownHosts, true, null));
    String url = "ssh://git:hunter2-password@127.0.0.1:" + server.port() + "/payments.git";

    List<FieldProblem> problems = git.check(url, "v2", "main");

    assertThat(problems).containsExactly(new FieldProblem("repository.url", AllowedUrls.CREDENTIALS));
    assertThatThrownBy(() -> git.collect(url, "v2", "main"))
        .isInstanceOf(ChangeSetUnavailable.class)
        .hasMessageNotContaining("hunter2-password");
    assertThat(server.commands()).isEmpty();
  }

  private GitRepositories repositories(RelmanProperties.Ssh ssh) {
    return new GitRepositories(new RelmanProperties.Git(temp.resolve("cache"), List.of("ssh://git@127.0.0.1:*/**"),
        null, null, null, ssh), false);
  }

  private static RelmanProperties.Ssh ssh(Path keyFile, String key, String passphrase, Path knownHosts, boolean strict,
      Path config) {
    return new RelmanProperties.Ssh(keyFile, key, passphrase, knownHosts, strict, config);
  }

  /** A known-hosts line that names this server with another host's key. */
  private String impostorLine() {
    return "[127.0.0.1]:" + server.port() + " "
        + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(SshGitServer.newKeyPair().getPublic()) + "\n";
  }
}
