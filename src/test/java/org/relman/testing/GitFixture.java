package org.relman.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TimeZone;
import java.util.TreeMap;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository made in the test, with commits, tags and branches. */
public final class GitFixture implements AutoCloseable {

  private final Git git;
  private final Path dir;
  private int files;
  /** {@link #withChanges} wrote only objects and refs: the working tree and the index are made on first use. */
  private boolean workingTreeBehind;

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

  /**
   * A repository with a tag {@code v1} and {@code changes} commits after it on {@code main}: the initial import (file-1.txt
   * holding its message, by Ada Lovelace) and each change (the next file-N.txt holding its message, by Grace Hopper).
   *
   * <p>Written straight into the object database as one pack, with the refs but no reflog, and no working tree or index
   * until a test asks for them ({@link #workingTree}, the commit methods). The suite makes some 500 of these: through the
   * working tree, the index and loose objects each took about 70 files created and deleted again, and on ext4 the
   * kernel's search for a free inode among so many recently deleted ones cost more CPU than the git work itself.
   */
  public static GitFixture withChanges(Path dir, int changes) {
    GitFixture repo = create(dir);
    repo.writeHistory(changes);
    return repo;
  }

  private void writeHistory(int changes) {
    Repository repository = git.getRepository();
    ObjectDirectory objects = (ObjectDirectory) repository.getObjectDatabase();
    try (PackInserter inserter = objects.newPackInserter()) {
      SortedMap<String, ObjectId> tree = new TreeMap<>();
      ObjectId tagged = insertCommit(inserter, tree, null, "chore: initial import",
          ident("Ada Lovelace", "ada@example.org"));
      ObjectId head = tagged;
      for (int i = 1; i <= changes; i++) {
        head = insertCommit(inserter, tree, head, "feat(payments): change " + i + "\n\nBody of change " + i,
            ident("Grace Hopper", "grace@example.org"));
      }
      inserter.flush();
      setRef(repository, "refs/tags/v1", tagged);
      setRef(repository, "refs/heads/main", head);
      workingTreeBehind = true;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds the next file-N.txt holding {@code message} to {@code tree} and commits the tree on {@code parent}. */
  private ObjectId insertCommit(PackInserter inserter, SortedMap<String, ObjectId> tree, ObjectId parent,
      String message, PersonIdent ident) throws IOException {
    tree.put("file-" + (++files) + ".txt", inserter.insert(Constants.OBJ_BLOB, message.getBytes(StandardCharsets.UTF_8)));
    TreeFormatter formatter = new TreeFormatter();
    tree.forEach((name, blob) -> formatter.append(name, FileMode.REGULAR_FILE, blob));
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(inserter.insert(formatter));
    if (parent != null) {
      commit.setParentId(parent);
    }
    commit.setAuthor(ident);
    commit.setCommitter(ident);
    commit.setMessage(message);
    return inserter.insert(commit);
  }

  private static void setRef(Repository repository, String name, ObjectId id) throws IOException {
    RefUpdate update = repository.updateRef(name);
    update.setNewObjectId(id);
    update.disableRefLog();
    RefUpdate.Result result = update.forceUpdate();
    if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED) {
      throw new IllegalStateException("could not set " + name + ": " + result);
    }
  }

  private static PersonIdent ident(String name, String email) {
    return new PersonIdent(name, email, java.util.Date.from(Instant.now()), TimeZone.getTimeZone("UTC"));
  }

  /** The working tree, brought to {@code HEAD} first, for a test that changes files with git commands of its own. */
  public Path workingTree() {
    if (workingTreeBehind) {
      try {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef("HEAD").call();
      } catch (GitAPIException e) {
        throw new IllegalStateException(e);
      }
      workingTreeBehind = false;
    }
    return dir;
  }

  public RevCommit commit(String message, String author, String email) {
    try {
      Path file = workingTree().resolve("file-" + (++files) + ".txt");
      Files.writeString(file, message);
      git.add().addFilepattern(file.getFileName().toString()).call();
      var ident = ident(author, email);
      return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits {@code content} at {@code path} (directories created), e.g. a migration under a sensitive path. */
  public RevCommit commitFile(String path, String content, String message) {
    try {
      Path file = workingTree().resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      git.add().addFilepattern(path).call();
      var ident = ident("Grace Hopper", "grace@example.org");
      return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits {@code content} as the file {@code path}, e.g. incompressible bytes that make a repository large. */
  public RevCommit commitBytes(String path, byte[] content, String message) {
    try {
      Path file = workingTree().resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      git.add().addFilepattern(path).call();
      var ident = ident("Grace Hopper", "grace@example.org");
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
