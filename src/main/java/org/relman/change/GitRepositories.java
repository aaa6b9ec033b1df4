package org.relman.change;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FileUtils;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.relman.RelmanProperties;
import org.relman.RuntimeMode;
import org.relman.shared.FieldProblem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Reads change sets with JGit. A local path (a bare repository or a work tree) is read where it is; a remote URL
 * (https, ssh, git, file, or {@code user@host:path}) is mirrored into {@code relman.git.cache-directory} and fetched
 * before every read, so a release always sees the refs as they are now. Only the repositories
 * {@code relman.git.allowed-urls} names are read; a clone or fetch is bounded by {@code relman.git.timeout} and
 * {@code relman.git.max-size}; credentials come from {@code relman.git.credentials} and {@code relman.git.ssh}, never
 * from the URL.
 */
@Component
public class GitRepositories {

  private static final Pattern REMOTE = Pattern.compile("^([a-z][a-z0-9+.-]*://|[^/\\s]+@[^/\\s]+:).*");

  private final Path cacheDirectory;
  private final AllowedUrls allowed;
  private final Duration timeout;
  private final DataSize maxSize;
  private final List<Credentials> credentials = new ArrayList<>();
  private final GitSsh ssh;
  private final ConcurrentHashMap<String, Object> mirrorLocks = new ConcurrentHashMap<>();

  /** The https credentials of the remotes a pattern matches. */
  private record Credentials(Pattern urls, CredentialsProvider provider) {}

  @Autowired
  GitRepositories(RelmanProperties properties, RuntimeMode mode) {
    this(properties.git(), mode.demo());
  }

  GitRepositories(RelmanProperties.Git git, boolean demo) {
    this.cacheDirectory = git.cacheDirectory();
    this.allowed = new AllowedUrls(git.allowedUrls(), demo);
    this.timeout = git.timeout();
    this.maxSize = git.maxSize();
    for (var entry : git.credentials()) {
      credentials.add(new Credentials(AllowedUrls.glob(entry.urlPattern().strip()),
          new UsernamePasswordCredentialsProvider(entry.username(), entry.password())));
    }
    this.ssh = new GitSsh(git.ssh());
  }

  public static boolean isRemote(String url) {
    return REMOTE.matcher(url).matches();
  }

  /**
   * The commits between {@code fromRef} (excluded) and {@code toRef} (included).
   *
   * @throws ChangeSetUnavailable the repository or a ref does not exist
   * @throws IOException the repository could not be read or fetched (worth retrying)
   */
  public ChangeSet collect(String url, String fromRef, String toRef) throws ChangeSetUnavailable, IOException {
    // checked again here, not only at request time: the list may have changed since the release was requested
    var refusal = allowed.refusal(url);
    if (refusal.isPresent()) {
      throw new ChangeSetUnavailable("the repository URL " + refusal.get());
    }
    try (Repository repository = open(url); RevWalk walk = new RevWalk(repository)) {
      ObjectId from = resolve(repository, url, fromRef);
      ObjectId to = resolve(repository, url, toRef);
      walk.sort(RevSort.TOPO, true);
      walk.sort(RevSort.COMMIT_TIME_DESC, true);
      walk.markStart(walk.parseCommit(to));
      walk.markUninteresting(walk.parseCommit(from));
      List<Commit> commits = new ArrayList<>();
      for (RevCommit commit : walk) {
        commits.add(toCommit(commit));
      }
      return new ChangeSet(from.name(), to.name(), commits, files(repository, from, to));
    }
  }

  /**
   * Checks a requested repository before a release exists: the URL must be allowed and free of credentials (one
   * answer for every URL outside the list, which says nothing about what is there); a local repository and its refs
   * must exist, so a typo is refused at once. Remote repositories are read when the change set is collected.
   */
  public List<FieldProblem> check(String url, String fromRef, String toRef) {
    var refusal = allowed.refusal(url);
    if (refusal.isPresent()) {
      return List.of(new FieldProblem("repository.url", refusal.get()));
    }
    if (isRemote(url)) {
      return List.of();
    }
    List<FieldProblem> problems = new ArrayList<>();
    try (Repository repository = open(url)) {
      for (var ref : List.of(new String[] {"repository.fromRef", fromRef}, new String[] {"repository.toRef", toRef})) {
        try {
          resolve(repository, url, ref[1]);
        } catch (ChangeSetUnavailable e) {
          problems.add(new FieldProblem(ref[0], e.getMessage()));
        }
      }
    } catch (ChangeSetUnavailable e) {
      problems.add(new FieldProblem("repository.url", e.getMessage()));
    } catch (IOException e) {
      problems.add(new FieldProblem("repository.url", "cannot be read: " + e.getMessage()));
    }
    return problems;
  }

  private Repository open(String url) throws ChangeSetUnavailable, IOException {
    if (isRemote(url)) {
      return mirror(url);
    }
    File path = new File(url.startsWith("file:") ? url.substring(5) : url);
    if (!path.exists()) {
      throw new ChangeSetUnavailable("repository '" + url + "' does not exist");
    }
    var builder = new FileRepositoryBuilder().setMustExist(true);
    File dotGit = new File(path, ".git");
    builder.setGitDir(dotGit.isDirectory() ? dotGit : path);
    try {
      Repository repository = builder.build();
      if (!repository.getObjectDatabase().exists()) {
        repository.close();
        throw new ChangeSetUnavailable("'" + url + "' is not a git repository");
      }
      return repository;
    } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
      throw new ChangeSetUnavailable("'" + url + "' is not a git repository");
    }
  }

  private Repository mirror(String url) throws ChangeSetUnavailable, IOException {
    Path directory = cacheDirectory.resolve(digest(url));
    synchronized (mirrorLocks.computeIfAbsent(directory.toString(), k -> new Object())) {
      boolean cloning = !Files.isDirectory(directory.resolve("objects"));
      FetchLimits limits = new FetchLimits(directory, maxSize.toBytes(), timeout);
      try (GitSsh.Session session = ssh.session()) {
        try {
          TransportConfigCallback bounded = transport -> configure(transport, session, limits);
          if (cloning) {
            Files.createDirectories(cacheDirectory);
            Git.cloneRepository().setURI(url).setDirectory(directory.toFile()).setBare(true).setCloneAllBranches(true)
                .setTimeout(seconds(timeout)).setProgressMonitor(limits).setCredentialsProvider(credentials(url))
                .setTransportConfigCallback(bounded).call().close();
          }
          Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
          try (Git git = Git.wrap(repository)) {
            git.fetch().setRemote(url).setRemoveDeletedRefs(true)
                .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                .setTimeout(seconds(timeout)).setProgressMonitor(limits).setCredentialsProvider(credentials(url))
                .setTransportConfigCallback(bounded).call();
          } catch (GitAPIException | RuntimeException e) {
            repository.close();
            throw e;
          }
          if (limits.exceededAfterFetch()) {
            repository.close();
            throw tooLarge(url, directory);
          }
          return repository;
        } catch (InvalidRemoteException e) {
          removeFirstClone(cloning, directory);
          throw new ChangeSetUnavailable("repository '" + url + "' does not exist or is not reachable as a git remote");
        } catch (GitAPIException | FetchLimits.BlobTooLarge | org.eclipse.jgit.api.errors.JGitInternalException e) {
          if (limits.tooLarge()) {
            throw tooLarge(url, directory);
          }
          removeFirstClone(cloning, directory);
          if (limits.timedOut() || hasCause(e, java.net.SocketTimeoutException.class)) {
            throw new IOException("could not fetch '" + url + "' within relman.git.timeout (" + timeout + ")", e);
          }
          if (session.hostKeyRefusal() != null) {
            throw new IOException("could not fetch '" + url + "': " + session.hostKeyRefusal(), e);
          }
          if (hasCause(e, NoRemoteRepositoryException.class)) {
            throw new ChangeSetUnavailable("repository '" + url + "' does not exist");
          }
          throw new IOException("could not fetch '" + url + "': " + explain(e), e);
        }
      }
    }
  }

  /** Sets what a clone or fetch needs from relman: its SSH, its bounds. */
  private static void configure(Transport transport, GitSsh.Session session, FetchLimits limits) {
    if (transport instanceof SshTransport sshTransport) {
      sshTransport.setSshSessionFactory(session.factory());
    }
    transport.setObjectChecker(limits.checker());
  }

  /** The https credentials of the first {@code relman.git.credentials} entry whose pattern matches; none: null. */
  private CredentialsProvider credentials(String url) {
    return credentials.stream().filter(c -> c.urls().matcher(url).matches()).map(Credentials::provider).findFirst()
        .orElse(null);
  }

  /** A mirror past the limit is removed whole: the next read starts from nothing, and the disk is free again. */
  private ChangeSetUnavailable tooLarge(String url, Path directory) {
    delete(directory);
    return new ChangeSetUnavailable("repository '" + url + "' is larger than relman.git.max-size (" + maxSize
        + "): its mirror was removed");
  }

  private static void removeFirstClone(boolean cloning, Path directory) {
    if (cloning) {
      delete(directory);
    }
  }

  private static void delete(Path directory) {
    try {
      FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.IGNORE_ERRORS);
    } catch (IOException e) {
      // IGNORE_ERRORS: nothing is thrown
    }
  }

  /**
   * What went wrong, in words an operator acts on. JGit's messages name the URL (never a password: URLs with
   * credentials are refused before this), and for SSH they can be terse.
   */
  private static String explain(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String root = cause.getMessage() == null ? "" : cause.getMessage();
    if (root.contains("No more authentication methods available") || message.contains("Authentication failed")
        || root.contains("Authentication failed")) {
      return "the server refused relman's SSH key (relman.git.ssh.private-key-file or private-key)";
    }
    if (message.contains("not authorized") || message.contains("Authentication is required")) {
      return message + " (relman.git.credentials)";
    }
    return cause == e || message.contains(root) ? message : message + ": " + root;
  }

  private static int seconds(Duration duration) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toSeconds()));
  }

  private static ObjectId resolve(Repository repository, String url, String ref) throws ChangeSetUnavailable, IOException {
    try {
      ObjectId id = repository.resolve(ref + "^{commit}");
      if (id == null) {
        throw new ChangeSetUnavailable("ref '" + ref + "' not found in repository '" + url + "'");
      }
      return id;
    } catch (RevisionSyntaxException | org.eclipse.jgit.errors.AmbiguousObjectException e) {
      throw new ChangeSetUnavailable("ref '" + ref + "' cannot be resolved in repository '" + url + "': " + e.getMessage());
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      throw new ChangeSetUnavailable("ref '" + ref + "' in repository '" + url + "' does not point to a commit");
    }
  }

  /** The files that differ between the two commits' trees, with lines added and removed; renames are detected. */
  private static List<FileChange> files(Repository repository, ObjectId from, ObjectId to) throws IOException {
    try (RevWalk walk = new RevWalk(repository); DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(repository);
      diff.setDiffComparator(RawTextComparator.DEFAULT);
      diff.setDetectRenames(true);
      List<FileChange> files = new ArrayList<>();
      for (DiffEntry entry : diff.scan(walk.parseCommit(from).getTree(), walk.parseCommit(to).getTree())) {
        int added = 0;
        int deleted = 0;
        for (Edit edit : diff.toFileHeader(entry).toEditList()) {
          added += edit.getEndB() - edit.getBeginB();
          deleted += edit.getEndA() - edit.getBeginA();
        }
        DiffEntry.ChangeType type = entry.getChangeType();
        String path = type == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
        String previous = type == DiffEntry.ChangeType.RENAME || type == DiffEntry.ChangeType.COPY ? entry.getOldPath() : null;
        files.add(new FileChange(path, type.name(), added, deleted, previous));
      }
      return files;
    }
  }

  private static Commit toCommit(RevCommit commit) {
    String message = commit.getFullMessage();
    int newline = message.indexOf('\n');
    String subject = (newline < 0 ? message : message.substring(0, newline)).strip();
    String body = newline < 0 ? "" : message.substring(newline + 1).strip();
    var author = commit.getAuthorIdent();
    return new Commit(commit.name(), author.getName(), author.getEmailAddress(),
        Instant.ofEpochSecond(commit.getCommitTime()), subject, body.isEmpty() ? null : body);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String digest(String url) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
