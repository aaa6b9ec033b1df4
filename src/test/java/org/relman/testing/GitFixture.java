package org.relman.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.TimeZone;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository made in the test, with commits, tags and branches. */
public final class GitFixture implements AutoCloseable {

  private final Git git;
  private final Path dir;
  private int files;

  private GitFixture(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  public static GitFixture create(Path dir) {
    try {
      Files.createDirectories(dir);
      return new GitFixture(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A repository with a tag {@code v1} and {@code changes} commits after it on {@code main}. */
  public static GitFixture withChanges(Path dir, int changes) {
    GitFixture repo = create(dir);
    repo.commit("chore: initial import", "Ada Lovelace", "ada@example.org");
    repo.tag("v1");
    if (changes > 0) {
      repo.commitWithoutWorkingTree(changes);
    }
    return repo;
  }

  /**
   * The same commits as {@link #commit} makes (each adds the next file-N.txt holding its message), written straight into
   * the object database: through the working tree and the index, where each commit scans every file added before it,
   * 300 commits took seconds. The working tree and the index are brought to the last commit at the end.
   */
  private void commitWithoutWorkingTree(int changes) {
    var repository = git.getRepository();
    try (var inserter = repository.newObjectInserter(); var walk = new org.eclipse.jgit.treewalk.TreeWalk(repository)) {
      java.util.SortedMap<String, org.eclipse.jgit.lib.ObjectId> tree = new java.util.TreeMap<>();
      org.eclipse.jgit.lib.ObjectId head = repository.resolve("HEAD");
      walk.addTree(repository.parseCommit(head).getTree());
      while (walk.next()) {
        tree.put(walk.getPathString(), walk.getObjectId(0));
      }
      for (int i = 1; i <= changes; i++) {
        String message = "feat(payments): change " + i + "\n\nBody of change " + i;
        tree.put("file-" + (++files) + ".txt", inserter.insert(org.eclipse.jgit.lib.Constants.OBJ_BLOB,
            message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var formatter = new org.eclipse.jgit.lib.TreeFormatter();
        tree.forEach((name, blob) -> formatter.append(name, org.eclipse.jgit.lib.FileMode.REGULAR_FILE, blob));
        var ident = new PersonIdent("Grace Hopper", "grace@example.org", java.util.Date.from(Instant.now()),
            TimeZone.getTimeZone("UTC"));
        var commit = new org.eclipse.jgit.lib.CommitBuilder();
        commit.setTreeId(inserter.insert(formatter));
        commit.setParentId(head);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage(message);
        head = inserter.insert(commit);
      }
      inserter.flush();
      var update = repository.updateRef("refs/heads/main");
      update.setNewObjectId(head);
      update.forceUpdate();
      git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef("HEAD").call();
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public RevCommit commit(String message, String author, String email) {
    try {
      Path file = dir.resolve("file-" + (++files) + ".txt");
      Files.writeString(file, message);
      git.add().addFilepattern(file.getFileName().toString()).call();
      var ident = new PersonIdent(author, email, java.util.Date.from(Instant.now()), TimeZone.getTimeZone("UTC"));
      return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits {@code content} at {@code path} (directories created), e.g. a migration under a sensitive path. */
  public RevCommit commitFile(String path, String content, String message) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      git.add().addFilepattern(path).call();
      var ident = new PersonIdent("Grace Hopper", "grace@example.org", java.util.Date.from(Instant.now()),
          TimeZone.getTimeZone("UTC"));
      return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits {@code content} as the file {@code path}, e.g. incompressible bytes that make a repository large. */
  public RevCommit commitBytes(String path, byte[] content, String message) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      git.add().addFilepattern(path).call();
      var ident = new PersonIdent("Grace Hopper", "grace@example.org", java.util.Date.from(Instant.now()),
          TimeZone.getTimeZone("UTC"));
      return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void tag(String name) {
    try {
      git.tag().setName(name).setAnnotated(false).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public void deleteTag(String name) {
    try {
      git.tagDelete().setTags(name).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public String head() {
    try {
      return git.getRepository().resolve("HEAD").name();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path path() {
    return dir;
  }

  @Override
  public void close() {
    git.close();
  }
}
