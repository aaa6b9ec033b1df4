package org.relman.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds JGit consults during a clone or fetch: the deadline, the mirror's size on disk, one blob's size. */
class FetchLimitsTest {

  @TempDir
  Path mirror;

  @Test
  void fetchPastItsDeadlineIsCancelled() throws Exception {
    FetchLimits limits = new FetchLimits(mirror, 1024, Duration.ofMillis(50));
    assertThat(limits.isCancelled()).isFalse();

    Thread.sleep(80);

    assertThat(limits.isCancelled()).isTrue();
    assertThat(limits.timedOut()).isTrue();
    assertThat(limits.tooLarge()).isFalse();
  }

  @Test
  void mirrorGrowingPastTheLimitIsCancelled() throws Exception {
    FetchLimits limits = new FetchLimits(mirror, 1024, Duration.ofMinutes(1));
    Files.write(mirror.resolve("objects-pack-incoming.pack"), new byte[512]);
    assertThat(limits.isCancelled()).isFalse();

    Files.write(mirror.resolve("objects-pack-incoming.pack"), new byte[2048]);
    Thread.sleep(120);

    assertThat(limits.isCancelled()).isTrue();
    assertThat(limits.tooLarge()).isTrue();
    assertThat(limits.timedOut()).isFalse();
  }

  @Test
  void blobLargerThanTheLimitIsStoppedWhileItStreams() {
    FetchLimits limits = new FetchLimits(mirror, 1024, Duration.ofMinutes(1));
    var blob = limits.checker().newBlobObjectChecker();
    blob.update(new byte[1000], 0, 1000);

    assertThatThrownBy(() -> blob.update(new byte[1000], 0, 1000)).isInstanceOf(FetchLimits.BlobTooLarge.class);
    assertThat(limits.tooLarge()).isTrue();
  }

  @Test
  void blobsSmallerThanTheLimitPass() throws Exception {
    FetchLimits limits = new FetchLimits(mirror, 1024, Duration.ofMinutes(1));
    for (int i = 0; i < 5; i++) {
      var blob = limits.checker().newBlobObjectChecker();
      blob.update(new byte[800], 0, 800);
      blob.endBlob(ObjectId.zeroId());
    }

    assertThat(limits.tooLarge()).as("each blob alone is below the limit; the disk is measured separately").isFalse();
  }

  @Test
  void missingDirectoryMeasuresZero() {
    assertThat(FetchLimits.size(mirror.resolve("not-yet"))).isZero();
  }
}
