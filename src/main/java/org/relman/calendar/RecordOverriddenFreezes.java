package org.relman.calendar;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.relman.process.ModelBean;
import org.relman.process.BusinessKey;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** "Record overridden freezes" (hotfix): a hotfix is not stopped by a freeze, but each one it overrides is audited. */
@ModelBean
@Component("recordOverriddenFreezes")
class RecordOverriddenFreezes implements JavaDelegate {

  private final Releases releases;
  private final ReleaseCalendar calendar;
  private final ApplicationEventPublisher events;

  RecordOverriddenFreezes(Releases releases, ReleaseCalendar calendar, ApplicationEventPublisher events) {
    this.releases = releases;
    this.calendar = calendar;
    this.events = events;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Release release = releases.find(BusinessKey.releaseId(execution)).orElseThrow();
    for (Freeze.Occurrence freeze : calendar.freezesAt(release)) {
      events.publishEvent(new FreezeOverridden(release.id(), freeze.freezeId(), freeze.name(), freeze.start().toString(),
          freeze.end().toString()));
    }
  }
}
