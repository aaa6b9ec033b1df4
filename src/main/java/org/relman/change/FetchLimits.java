package org.relman.change;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Bounds one clone or fetch of a mirror in time and size. JGit asks the progress monitor whether to go on after every
 * object it receives and resolves; it answers no once the deadline has passed or the mirror's directory has grown past
 * the limit (measured at most every {@value #MEASURE_EVERY_MILLIS} ms). A single blob larger than the limit is stopped
 * while it streams in, through the object checker JGit hands every received blob to. So a fetch overshoots the limit
 * by at most one object smaller than the limit before it stops; the caller then removes the mirror.
 */
final class FetchLimits implements ProgressMonitor {

  private static final long MEASURE_EVERY_MILLIS = 100;

  /** Thrown out of JGit's pack parser when a single blob alone is larger than the limit. */
  static final class BlobTooLarge extends RuntimeException {
    BlobTooLarge() {
      super("a single object is larger than relman.git.max-size", null, false, false);
    }
  }

  private final Path directory;
  private final long maxBytes;
  private final long deadlineNanos;
  private volatile boolean tooLarge;
  private volatile boolean timedOut;
  private long measuredAtNanos;

  FetchLimits(Path directory, long maxBytes, Duration timeout) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.measuredAtNanos = System.nanoTime() - MEASURE_EVERY_MILLIS * 1_000_000;
  }

  /** Whether the mirror outgrew the limit (the fetch was stopped, or it is too large now). */
  boolean tooLarge() {
    return tooLarge;
  }

  /** Whether the fetch ran past its deadline. */
  boolean timedOut() {
    timedOut |= System.nanoTime() - deadlineNanos > 0;
    return timedOut;
  }

  /** Measures the mirror now, after a fetch; true when it is larger than the limit. */
  boolean exceededAfterFetch() {
    tooLarge |= size(directory) > maxBytes;
    return tooLarge;
  }

  /** Counts every blob while it streams in; checks nothing else (relman reads, it does not judge the objects). */
  ObjectChecker checker() {
    return new ObjectChecker() {
      @Override
      public void check(AnyObjectId id, int objType, byte[] raw) {
        // commits, trees and tags are small; the progress monitor measures them on disk
      }

      @Override
      public BlobObjectChecker newBlobObjectChecker() {
        return new BlobObjectChecker() {
          private long bytes;

          @Override
          public void update(byte[] in, int offset, int length) {
            bytes += length;
            if (bytes > maxBytes) {
              tooLarge = true;
              throw new BlobTooLarge();
            }
          }

          @Override
          public void endBlob(AnyObjectId id) {
            // counted while it streamed
          }
        };
      }
    };
  }

  @Override
  public boolean isCancelled() {
    long now = System.nanoTime();
    if (now - deadlineNanos > 0) {
      timedOut = true;
    }
    if (!tooLarge && now - measuredAtNanos >= MEASURE_EVERY_MILLIS * 1_000_000) {
      measuredAtNanos = now;
      tooLarge = size(directory) > maxBytes;
    }
    return timedOut || tooLarge;
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {}

  @Override
  public void update(int completed) {
    isCancelled();
  }

  @Override
  public void endTask() {}

  @Override
  public void showDuration(boolean enabled) {}

  /** The bytes of the files under {@code directory}; 0 when it does not exist (yet). Files that vanish are skipped. */
  static long size(Path directory) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    long[] total = {0};
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          total[0] += attributes.isRegularFile() ? attributes.size() : 0;
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          // a temporary file JGit removed meanwhile
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the mirror " + directory, e);
    }
    return total[0];
  }
}
