package org.relman.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH server on a random local port that serves the bare repositories under a root directory to
 * {@code git-upload-pack}, as a git host does: public-key authentication against the keys the test authorizes, a host
 * key made for the test, and JGit's {@code UploadPack} answering the fetch. Nothing else runs (no shell, no push).
 */
public final class SshGitServer implements AutoCloseable {

  private final SshServer server;
  private final Path root;
  private final KeyPair hostKey;
  private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
  private final List<String> commands = new CopyOnWriteArrayList<>();

  private SshGitServer(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.hostKey = newKeyPair();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    // the elliptic-curve key exchanges only: MINA offers the post-quantum hybrids first (sntrup761, ML-KEM), which in
    // pure Java cost more CPU per connection than the whole fetch, and which exchange is agreed is not under test here
    server.setKeyExchangeFactories(server.getKeyExchangeFactories().stream()
        .filter(kex -> kex.getName().startsWith("curve25519") || kex.getName().startsWith("ecdh-"))
        .toList());
    server.setPublickeyAuthenticator((user, key, session) ->
        "git".equals(user) && authorized.stream().anyMatch(allowed -> KeyUtils.compareKeys(allowed, key)));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory((channel, command) -> new UploadPackCommand(command));
    server.start();
  }

  /** Serves the repositories under {@code root}; {@code ssh://git@127.0.0.1:<port>/<name>} reads {@code root/name}. */
  public static SshGitServer start(Path root) {
    try {
      return new SshGitServer(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The user {@code git} may sign in with this key. */
  public SshGitServer authorize(PublicKey key) {
    authorized.add(key);
    return this;
  }

  public int port() {
    return server.getPort();
  }

  public Path root() {
    return root;
  }

  /** {@code ssh://git@127.0.0.1:<port>/<name>}. */
  public String url(String name) {
    return "ssh://git@127.0.0.1:" + port() + "/" + name;
  }

  /** The line of a known_hosts file that names this server and its host key. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  /** The commands clients ran, e.g. {@code git-upload-pack '/payments.git'}. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new ECDSA P-256 key pair (the JDK makes it; every SSH client and server speaks it). */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * relman's key pair in the SSH tests, made once per JVM with its text encrypted: encrypting or decrypting an OpenSSH
   * key is bcrypt, which costs more than a test's whole fetch under the tests' compiler settings.
   */
  public static final class RelmansKey {
    public static final String PASSPHRASE = "correct horse battery staple";
    public static final KeyPair PAIR = newKeyPair();
    public static final String ENCRYPTED = privateKeyText(PAIR, PASSPHRASE);
    public static final String PLAIN = privateKeyText(PAIR, null);

    private RelmansKey() {
    }
  }

  /** The private key in OpenSSH format, encrypted with {@code passphrase} unless it is null. */
  public static String privateKeyText(KeyPair pair, String passphrase) {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setCipherName("AES");
      encryption.setCipherType("256");
      encryption.setCipherMode("CTR");
      encryption.setPassword(passphrase);
      encryption.setKdfRounds(1);
    }
    try (var out = new java.io.ByteArrayOutputStream()) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "relman-test", encryption, out);
      return out.toString(StandardCharsets.US_ASCII);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code git-upload-pack '<path>'} on a repository under the root, answered by JGit's UploadPack. */
  private final class UploadPackCommand implements Command {

    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread thread;

    UploadPackCommand(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) {
      commands.add(command);
      thread = new Thread(this::serve, "ssh-git-upload-pack");
      thread.setDaemon(true);
      thread.start();
    }

    private void serve() {
      Path repository = repository();
      if (repository == null) {
        fail("fatal: '" + command + "' is not a git-upload-pack of a repository here");
        return;
      }
      try (Repository repo = new FileRepositoryBuilder().setGitDir(repository.toFile()).setMustExist(true).build()) {
        new UploadPack(repo).upload(in, out, err);
        out.flush();
        exit.onExit(0);
      } catch (IOException | RuntimeException e) {
        fail("fatal: " + e.getMessage());
      }
    }

    /** The repository the command names, inside the root; null when it names none. */
    private Path repository() {
      String prefix = "git-upload-pack ";
      if (!command.startsWith(prefix)) {
        return null;
      }
      String path = command.substring(prefix.length()).strip();
      if (path.length() >= 2 && path.startsWith("'") && path.endsWith("'")) {
        path = path.substring(1, path.length() - 1);
      }
      Path resolved = root.resolve(path.replaceFirst("^/+", "")).normalize();
      return resolved.startsWith(root) && Files.isDirectory(resolved.resolve("objects")) ? resolved : null;
    }

    private void fail(String message) {
      try {
        err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
      } catch (IOException ignored) {
        // the client went away
      }
      exit.onExit(128, message);
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (thread != null) {
        thread.interrupt();
      }
    }
  }
}
