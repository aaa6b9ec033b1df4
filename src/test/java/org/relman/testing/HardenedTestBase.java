package org.relman.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The watched promotion path of {@link PromotionTestBase}, configured as a careful operator would: gate reports and
 * each environment's webhooks have secrets of their own, gates and production are in the middle of a rotation
 * (their previous secrets still accepted), and repositories are read over SSH from {@link SshGitServer} with a key,
 * known hosts and an ssh config (for the scp-like form's port) from the settings. The SSH server, like the fakes, is
 * started once per JVM. Every class extending this base shares one context, with a database and an engine of its own.
 */
public abstract class HardenedTestBase extends PromotionTestBase {

  /** The shared secret: still set, but no longer what gates and environments use. */
  protected static final String SHARED_SECRET = SECRET;
  protected static final String GATE_SECRET = "gate-secret-0123456789abcdef";
  protected static final String PREVIOUS_GATE_SECRET = "gate-secret-before-the-rotation";
  protected static final String STAGING_SECRET = "staging-secret-0123456789abcdef";
  protected static final String PRODUCTION_SECRET = "production-secret-0123456789abcdef";
  protected static final String PREVIOUS_PRODUCTION_SECRET = "production-secret-before-the-rotation";

  /** The host alias the ssh config gives 127.0.0.1 and the SSH server's port: {@code git@relman-git:<name>}. */
  protected static final String SSH_ALIAS = "relman-git";
  protected static final String SSH_PASSPHRASE = SshGitServer.RelmansKey.PASSPHRASE;
  protected static final Path SSH_HOME = Path.of("target", "hardened-ssh").toAbsolutePath();
  protected static final SshGitServer SSH = startSsh();

  @DynamicPropertySource
  static void hardened(DynamicPropertyRegistry registry) {
    // the database relman-hardened and the engine "hardened" (PromotionTestBase)
    registry.add("test.relman.context", () -> "hardened");
    registry.add("relman.webhooks.gate-secret", () -> GATE_SECRET);
    registry.add("relman.webhooks.previous-gate-secret", () -> PREVIOUS_GATE_SECRET);
    registry.add("relman.environments[0].deploy.secret", () -> STAGING_SECRET);
    registry.add("relman.environments[1].deploy.secret", () -> PRODUCTION_SECRET);
    registry.add("relman.environments[1].deploy.previous-secret", () -> PREVIOUS_PRODUCTION_SECRET);
    registry.add("relman.git.allowed-urls[0]", () -> System.getProperty("java.io.tmpdir") + "/**");
    registry.add("relman.git.allowed-urls[1]", () -> "ssh://git@127.0.0.1:" + SSH.port() + "/*.git");
    registry.add("relman.git.allowed-urls[2]", () -> "git@" + SSH_ALIAS + ":*.git");
    registry.add("relman.git.ssh.private-key-file", () -> SSH_HOME.resolve("id_ecdsa").toString());
    registry.add("relman.git.ssh.passphrase", () -> SSH_PASSPHRASE);
    registry.add("relman.git.ssh.known-hosts-file", () -> SSH_HOME.resolve("known_hosts").toString());
    registry.add("relman.git.ssh.config-file", () -> SSH_HOME.resolve("config").toString());
  }

  private static SshGitServer startSsh() {
    try {
      FileSystemUtils.deleteRecursively(SSH_HOME);
      Files.createDirectories(SSH_HOME);
      SshGitServer server = SshGitServer.start(SSH_HOME.resolve("served"));
      server.authorize(SshGitServer.RelmansKey.PAIR.getPublic());
      Files.writeString(SSH_HOME.resolve("id_ecdsa"), SshGitServer.RelmansKey.ENCRYPTED, StandardCharsets.US_ASCII);
      Files.writeString(SSH_HOME.resolve("known_hosts"), server.knownHostsLine() + "\n");
      Files.writeString(SSH_HOME.resolve("config"), """
          Host %s
            HostName 127.0.0.1
            Port %d
          """.formatted(SSH_ALIAS, server.port()));
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API as CI or a deploy target holding {@code secret} signs it. */
  protected Api signingWith(String secret) {
    return new Api(port, null, Api.hmac(secret));
  }

  @Override
  protected Api.Response signedPost(String path, String json) {
    throw new UnsupportedOperationException("say which secret signs it: signingWith(secret).signedPost(...)");
  }

  @Override
  protected Api.Response reportGate(long id, String gate, String status) {
    return signingWith(GATE_SECRET).signedPost("/api/releases/" + id + "/gates/" + gate, gateReport(gate, status),
        clock.epochSecond());
  }

  @Override
  protected Api.Response callBack(FakeDeployTarget.Request request, String status, String details) {
    return FakeDeployTarget.callBack(signingWith(PRODUCTION_SECRET), request, status, details, clock.epochSecond());
  }

  protected static String gateReport(String gate, String status) {
    return "{\"status\":\"" + status + "\",\"summary\":\"" + gate + " " + status.toLowerCase()
        + "\",\"url\":\"https://ci.example/" + gate + "\"}";
  }

  /** A bare repository {@code <name>} on the SSH server, cloned from {@code work}. */
  protected static void serve(GitFixture work, String name) {
    try {
      org.eclipse.jgit.api.Git.cloneRepository().setURI(work.path().toUri().toString())
          .setDirectory(SSH.root().resolve(name).toFile()).setBare(true).setCloneAllBranches(true).call().close();
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }
}
