package org.relman.release;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A release as relman's tables hold it. Its state changes through the intention-revealing methods below; the engine
 * decides when they are called, {@link Releases} stores the result.
 */
public final class Release {

  private final long id;
  private final String version;
  private final String name;
  private final List<String> services;
  private final List<String> environments;
  private final String requestedBy;
  private final Instant requestedAt;
  private Instant plannedStart;
  private final boolean hotfix;
  private final String rollbackPlan;
  private final String factsJson;
  private final Repository repository;
  private String fromSha;
  private String toSha;
  private ReleaseStatus status;
  private Instant statusChangedAt;
  private String processInstanceId;
  private String cancelReason;
  private String cancelledBy;
  private Instant endedAt;

  /** The git repository and the two refs whose difference is the change set. */
  public record Repository(String url, String fromRef, String toRef) {}

  Release(long id, String version, String name, List<String> services, List<String> environments, String requestedBy,
      Instant requestedAt, Instant plannedStart, boolean hotfix, String rollbackPlan, String factsJson, Repository repository,
      String fromSha, String toSha, ReleaseStatus status, Instant statusChangedAt, String processInstanceId,
      String cancelReason, String cancelledBy, Instant endedAt) {
    this.id = id;
    this.version = version;
    this.name = name;
    this.services = List.copyOf(services);
    this.environments = List.copyOf(environments);
    this.requestedBy = requestedBy;
    this.requestedAt = requestedAt;
    this.plannedStart = plannedStart;
    this.hotfix = hotfix;
    this.rollbackPlan = rollbackPlan;
    this.factsJson = factsJson;
    this.repository = repository;
    this.fromSha = fromSha;
    this.toSha = toSha;
    this.status = status;
    this.statusChangedAt = statusChangedAt;
    this.processInstanceId = processInstanceId;
    this.cancelReason = cancelReason;
    this.cancelledBy = cancelledBy;
    this.endedAt = endedAt;
  }

  /** Moves to {@code next}; returns the change, or nothing when the release is already there. */
  public Optional<ReleaseStatusChanged> enter(ReleaseStatus next, Instant at) {
    if (next == status) {
      return Optional.empty();
    }
    if (status.ended()) {
      throw new IllegalStateException("release " + version + " has ended " + status + " and cannot become " + next);
    }
    ReleaseStatus previous = status;
    status = next;
    statusChangedAt = at;
    if (next.ended()) {
      endedAt = at;
    }
    return Optional.of(new ReleaseStatusChanged(id, previous, next));
  }

  /** Records why and by whom the release is being stopped; the lifecycle model then ends it CANCELLED. */
  public void stop(String reason, String by) {
    if (status.ended()) {
      throw new IllegalStateException("release " + version + " has already ended " + status);
    }
    this.cancelReason = reason;
    this.cancelledBy = by;
  }

  public ReleaseRescheduled reschedule(Instant newStart, String by, String reason) {
    Instant previous = plannedStart;
    plannedStart = newStart;
    return new ReleaseRescheduled(id, previous, newStart, by, reason);
  }

  public void changeSetResolved(String fromSha, String toSha) {
    this.fromSha = fromSha;
    this.toSha = toSha;
  }

  public void startedAs(String processInstanceId) {
    this.processInstanceId = processInstanceId;
  }

  /** The environment where deploying means production: the last one of the promotion path. */
  public String productionEnvironment() {
    return environments.get(environments.size() - 1);
  }

  public long id() {
    return id;
  }

  public String version() {
    return version;
  }

  public String name() {
    return name;
  }

  public List<String> services() {
    return services;
  }

  public List<String> environments() {
    return environments;
  }

  public String requestedBy() {
    return requestedBy;
  }

  public Instant requestedAt() {
    return requestedAt;
  }

  public Instant plannedStart() {
    return plannedStart;
  }

  public boolean hotfix() {
    return hotfix;
  }

  public String rollbackPlan() {
    return rollbackPlan;
  }

  public String factsJson() {
    return factsJson;
  }

  /** The facts the requester gave, as a map; none is an empty map. */
  public Map<String, Object> facts(ObjectMapper json) {
    if (factsJson == null) {
      return Map.of();
    }
    try {
      return json.readValue(factsJson, new TypeReference<Map<String, Object>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored facts are not JSON", e);
    }
  }

  public Repository repository() {
    return repository;
  }

  public String fromSha() {
    return fromSha;
  }

  public String toSha() {
    return toSha;
  }

  public ReleaseStatus status() {
    return status;
  }

  public Instant statusChangedAt() {
    return statusChangedAt;
  }

  public String processInstanceId() {
    return processInstanceId;
  }

  public String cancelReason() {
    return cancelReason;
  }

  public String cancelledBy() {
    return cancelledBy;
  }

  public Instant endedAt() {
    return endedAt;
  }
}
