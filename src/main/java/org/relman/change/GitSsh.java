package org.relman.change;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.relman.RelmanProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How relman speaks SSH to git servers (JGit over Apache MINA sshd): public-key authentication only, with the key from
 * {@code relman.git.ssh} (read once, at start-up, so a wrong path or passphrase stops the start), and host keys checked
 * against one known-hosts file. A server whose key differs from the known one is always refused; an unknown server is
 * refused under strict checking, else its key is remembered. Each fetch gets a session factory of its own, which tells
 * afterwards why a host key was refused.
 */
final class GitSsh {

  private static final Logger log = LoggerFactory.getLogger(GitSsh.class);

  private final List<KeyPair> keys;
  private final Path knownHosts;
  private final boolean strict;
  private final File configFile;

  GitSsh(RelmanProperties.Ssh settings) {
    this.keys = loadKeys(settings);
    this.knownHosts = settings.knownHostsFile() != null ? settings.knownHostsFile()
        : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    this.strict = settings.strictHostKeyChecking();
    this.configFile = settings.configFile() == null ? null : settings.configFile().toFile();
  }

  /** A session factory for one fetch; close it afterwards. */
  Session session() {
    return new Session();
  }

  /** One fetch's SSH: its session factory, and why it refused a host key, if it did. */
  final class Session implements AutoCloseable {

    private final HostKeys hostKeys = new HostKeys();
    private final SshdSessionFactory factory;

    private Session() {
      File home = new File(System.getProperty("user.home"));
      var builder = new SshdSessionFactoryBuilder()
          .setHomeDirectory(home)
          .setSshDirectory(new File(home, ".ssh"))
          .setPreferredAuthentications("publickey")
          .setServerKeyDatabase((homeDirectory, sshDirectory) -> hostKeys);
      if (configFile != null) {
        builder.setConfigFile(sshDirectory -> configFile);
      }
      if (!keys.isEmpty()) {
        builder.setDefaultKeysProvider(sshDirectory -> keys);
      }
      this.factory = builder.build(new JGitKeyCache());
    }

    SshdSessionFactory factory() {
      return factory;
    }

    /** Why the server's host key was refused ("... is not in ...", "... does not match ..."); null if it was not. */
    String hostKeyRefusal() {
      return hostKeys.refusal;
    }

    @Override
    public void close() {
      factory.close();
    }
  }

  /** The known-hosts file, as OpenSSH reads it: plain and hashed host patterns, {@code [host]:port}, revoked keys. */
  private final class HostKeys implements ServerKeyDatabase {

    private volatile String refusal;

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
      HostPort host = HostPort.of(connectAddress, remoteAddress);
      List<PublicKey> found = new ArrayList<>();
      for (KnownHostEntry entry : entries()) {
        if (entry.getMarker() == null && entry.isHostMatch(host.name, host.port)) {
          PublicKey key = key(entry);
          if (key != null) {
            found.add(key);
          }
        }
      }
      return found;
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
        Configuration config, CredentialsProvider provider) {
      HostPort host = HostPort.of(connectAddress, remoteAddress);
      boolean known = false;
      for (KnownHostEntry entry : entries()) {
        if (!entry.isHostMatch(host.name, host.port)) {
          continue;
        }
        PublicKey key = key(entry);
        boolean same = key != null && KeyUtils.compareKeys(key, serverKey);
        if ("revoked".equals(entry.getMarker()) && same) {
          return refuse("the host key of " + host + " is marked revoked in " + knownHosts);
        }
        if (entry.getMarker() == null) {
          if (same) {
            return true;
          }
          known = true;
        }
      }
      if (known) {
        return refuse("the host key of " + host + " does not match the one in " + knownHosts
            + " (relman.git.ssh.known-hosts-file): the server's key changed, or this is not the server it claims to be");
      }
      if (strict) {
        return refuse("the host key of " + host + " is not in " + knownHosts + " (relman.git.ssh.known-hosts-file);"
            + " add it (ssh-keyscan) or turn relman.git.ssh.strict-host-key-checking off to accept new hosts");
      }
      remember(host, serverKey);
      return true;
    }

    private boolean refuse(String reason) {
      refusal = reason;
      log.warn("SSH connection refused: {}", reason);
      return false;
    }

    private void remember(HostPort host, PublicKey key) {
      try {
        if (knownHosts.getParent() != null) {
          Files.createDirectories(knownHosts.getParent());
        }
        String line = host.pattern() + " " + PublicKeyEntry.toString(key) + System.lineSeparator();
        Files.writeString(knownHosts, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        log.info("Accepted the host key of {} ({}) and added it to {}", host, KeyUtils.getFingerPrint(key), knownHosts);
      } catch (IOException | RuntimeException e) {
        log.warn("Accepted the host key of {} but could not add it to {}: {}", host, knownHosts, e.getMessage());
      }
    }

    private List<KnownHostEntry> entries() {
      if (!Files.isReadable(knownHosts)) {
        return List.of();
      }
      try {
        return KnownHostEntry.readKnownHostEntries(knownHosts);
      } catch (IOException | RuntimeException e) {
        log.warn("Cannot read the known hosts file {}: {}", knownHosts, e.getMessage());
        return List.of();
      }
    }

    private PublicKey key(KnownHostEntry entry) {
      try {
        return entry.getKeyEntry() == null ? null
            : entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        return null;
      }
    }
  }

  /** Where the connection goes, as the known-hosts file names it. */
  private record HostPort(String name, int port) {

    static HostPort of(String connectAddress, InetSocketAddress remoteAddress) {
      String address = connectAddress;
      if (address == null || address.isBlank()) {
        return new HostPort(remoteAddress.getHostString(), remoteAddress.getPort());
      }
      if (address.startsWith("[")) {
        int close = address.indexOf(']');
        int port = close + 1 < address.length() && address.charAt(close + 1) == ':'
            ? Integer.parseInt(address.substring(close + 2)) : 22;
        return new HostPort(address.substring(1, close), port);
      }
      int colon = address.lastIndexOf(':');
      if (colon > 0 && address.indexOf(':') == colon) {
        return new HostPort(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
      }
      return new HostPort(address, 22);
    }

    String pattern() {
      return port == 22 ? name : "[" + name + "]:" + port;
    }

    @Override
    public String toString() {
      return port == 22 ? name : name + ":" + port;
    }
  }

  /**
   * The configured private key, decrypted with the configured passphrase; none configured: JGit's defaults
   * ({@code ~/.ssh/id_*}). The messages name the key, never the passphrase or the key's text.
   */
  private static List<KeyPair> loadKeys(RelmanProperties.Ssh settings) {
    String key;
    byte[] text;
    try {
      if (settings.privateKeyFile() != null) {
        key = "relman.git.ssh.private-key-file (" + settings.privateKeyFile() + ")";
        text = Files.readAllBytes(settings.privateKeyFile());
      } else if (settings.privateKey() != null && !settings.privateKey().isBlank()) {
        key = "relman.git.ssh.private-key";
        text = settings.privateKey().strip().concat("\n").getBytes(StandardCharsets.UTF_8);
      } else {
        return List.of();
      }
    } catch (IOException e) {
      throw new IllegalStateException("relman.git.ssh.private-key-file: cannot read " + settings.privateKeyFile() + " ("
          + e.getClass().getSimpleName() + ")");
    }
    FilePasswordProvider passphrase = settings.passphrase() == null || settings.passphrase().isEmpty()
        ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(settings.passphrase());
    List<KeyPair> pairs = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(text)) {
      Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("relman-git-key"), in,
          passphrase);
      if (loaded != null) {
        loaded.forEach(pairs::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      boolean encrypted = encrypted(new String(text, StandardCharsets.US_ASCII));
      throw new IllegalStateException(key + " cannot be read as a private key"
          + (encrypted ? ": it is encrypted and relman.git.ssh.passphrase is missing or wrong" : " (OpenSSH or PEM format)")
          + " (" + e.getClass().getSimpleName() + ")");
    }
    if (pairs.isEmpty()) {
      throw new IllegalStateException(key + " holds no private key (OpenSSH or PEM format)");
    }
    return List.copyOf(pairs);
  }

  /**
   * Whether a key's text says it is encrypted: a PEM header that says so, or an OpenSSH key whose cipher is not
   * {@code none} (the binary after the base64 starts {@code openssh-key-v1\0}, then the cipher's name).
   */
  static boolean encrypted(String text) {
    if (text.contains("ENCRYPTED")) {
      return true;
    }
    String begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    int start = text.indexOf(begin);
    int end = text.indexOf("-----END OPENSSH PRIVATE KEY-----");
    if (start < 0 || end < start) {
      return false;
    }
    try {
      byte[] binary = java.util.Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(binary);
      byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
      byte[] given = new byte[magic.length];
      buffer.get(given);
      if (!java.util.Arrays.equals(magic, given)) {
        return false;
      }
      byte[] cipher = new byte[buffer.getInt()];
      buffer.get(cipher);
      return !"none".equals(new String(cipher, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
      return false;
    }
  }
}
