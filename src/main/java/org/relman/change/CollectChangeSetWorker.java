package org.relman.change;

import java.time.Duration;
import java.util.Optional;

import org.relman.process.WorkItem;
import org.relman.process.WorkResult;
import org.relman.process.Worker;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Collect change set": reads the commits between the release's two refs and stores them. A missing repository or
 * ref stops the release with that reason (error {@value #UNAVAILABLE}); an unreadable or unreachable repository is a
 * technical fault and is retried.
 */
@Component
class CollectChangeSetWorker implements Worker {

  static final String TOPIC = "collect-change-set";
  static final String UNAVAILABLE = "change-set-unavailable";

  private final GitRepositories git;
  private final Releases releases;
  private final Changes changes;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Duration lockDuration;

  CollectChangeSetWorker(GitRepositories git, Releases releases, Changes changes, ApplicationEventPublisher events,
      TransactionTemplate tx, org.relman.RelmanProperties properties) {
    // a clone or fetch may take relman.git.timeout, and the step then stores the change set; no longer: a node that
    // dies while it holds the task must not hold up the release for more than that
    this.lockDuration = properties.git().timeout().plus(properties.workers().lockDuration());
    this.git = git;
    this.releases = releases;
    this.changes = changes;
    this.events = events;
    this.tx = tx;
  }

  @Override
  public String topic() {
    return TOPIC;
  }

  /** Long enough for a first clone of a large remote repository: {@code relman.git.timeout} plus a step's lock. */
  @Override
  public Duration lockDuration() {
    return lockDuration;
  }

  @Override
  public WorkResult work(WorkItem item) throws Exception {
    Optional<Release> found = releases.find(item.releaseId());
    if (found.isEmpty() || found.get().status().ended()) {
      return WorkResult.nothingToDo("release " + item.releaseId() + " has ended");
    }
    if (found.get().cancelReason() != null) {
      // delivered again after the change set was found unavailable (or a cancel is on its way): that decision stands
      return WorkResult.businessError(UNAVAILABLE, found.get().cancelReason());
    }
    Release.Repository repository = found.get().repository();
    ChangeSet changeSet;
    try {
      changeSet = git.collect(repository.url(), repository.fromRef(), repository.toRef());
    } catch (ChangeSetUnavailable e) {
      tx.executeWithoutResult(s -> releases.lock(item.releaseId()).filter(r -> !r.status().ended()).ifPresent(release -> {
        release.stop("Change set unavailable: " + e.getMessage(), "relman");
        releases.save(release);
        events.publishEvent(new ChangeSetMissing(release.id(), e.getMessage()));
      }));
      return WorkResult.businessError(UNAVAILABLE, e.getMessage());
    }
    tx.executeWithoutResult(s -> releases.lock(item.releaseId()).ifPresent(release -> {
      changes.replace(release.id(), changeSet);
      release.changeSetResolved(changeSet.fromSha(), changeSet.toSha());
      releases.save(release);
      events.publishEvent(new ChangeSetCollected(release.id(), changeSet.fromSha(), changeSet.toSha(),
          changeSet.commits().size(), changeSet.files().size(), changeSet.linesChanged()));
    }));
    return WorkResult.completed();
  }
}
