package org.relman.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.operaton.bpm.engine.history.UserOperationLogEntry;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.history.event.HistoryEvent;
import org.operaton.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.operaton.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.impl.interceptor.CommandContextListener;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns the engine's user operation log into relman audit events with the actor, in the transaction of the operation:
 * one {@link EngineOperationRecorded} per operation (its log entries share an operation id). The engine logs what an
 * authenticated person does (the job executor and relman's own start-up are not people). Task completions are left
 * out: relman audits them itself, with every submitted field.
 */
final class EngineOperationAudit implements HistoryEventHandler {

  private static final Set<String> AUDITED_ELSEWHERE = Set.of(UserOperationLogEntry.OPERATION_TYPE_COMPLETE);

  private final ApplicationEventPublisher events;

  EngineOperationAudit(ApplicationEventPublisher events) {
    this.events = events;
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    handleEvents(List.of(event));
  }

  @Override
  public void handleEvents(List<HistoryEvent> historyEvents) {
    for (HistoryEvent event : historyEvents) {
      if (event instanceof UserOperationLogEntryEventEntity entry
          && !(UserOperationLogEntry.ENTITY_TYPE_TASK.equals(entry.getEntityType())
              && AUDITED_ELSEWHERE.contains(entry.getOperationType()))) {
        pending(Context.getCommandContext()).add(entry);
      }
    }
  }

  /**
   * The operations of one command: an operation's entries (one per property it changed) arrive one by one, so they are
   * collected and audited together when the command closes, before its transaction commits.
   */
  private Pending pending(CommandContext context) {
    synchronized (open) {
      return open.computeIfAbsent(context, c -> {
        Pending pending = new Pending();
        c.registerCommandContextListener(pending);
        return pending;
      });
    }
  }

  private final Map<CommandContext, Pending> open = new java.util.WeakHashMap<>();

  private final class Pending implements CommandContextListener {

    private final Map<String, List<UserOperationLogEntryEventEntity>> operations = new LinkedHashMap<>();

    void add(UserOperationLogEntryEventEntity entry) {
      operations.computeIfAbsent(entry.getOperationId(), id -> new ArrayList<>()).add(entry);
    }

    @Override
    public void onCommandContextClose(CommandContext context) {
      forget(context);
      operations.values().forEach(EngineOperationAudit.this::record);
    }

    @Override
    public void onCommandFailed(CommandContext context, Throwable failure) {
      forget(context);
    }

    private void forget(CommandContext context) {
      synchronized (open) {
        open.remove(context);
      }
    }
  }

  private void record(List<UserOperationLogEntryEventEntity> entries) {
    UserOperationLogEntryEventEntity first = entries.get(0);
    Map<String, Object> subject = new LinkedHashMap<>();
    put(subject, "processInstanceId", first.getProcessInstanceId());
    put(subject, "processDefinitionKey", first.getProcessDefinitionKey());
    put(subject, "taskId", first.getTaskId());
    put(subject, "jobId", first.getJobId());
    put(subject, "externalTaskId", first.getExternalTaskId());
    put(subject, "deploymentId", first.getDeploymentId());
    put(subject, "batchId", first.getBatchId());
    put(subject, "category", first.getCategory());
    put(subject, "annotation", first.getAnnotation());
    List<Map<String, Object>> changes = new ArrayList<>();
    for (UserOperationLogEntryEventEntity entry : entries) {
      if (entry.getProperty() != null) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("property", entry.getProperty());
        change.put("from", entry.getOrgValue());
        change.put("to", entry.getNewValue());
        changes.add(change);
      }
    }
    events.publishEvent(new EngineOperationRecorded(releaseOf(first.getProcessInstanceId()), first.getUserId(),
        first.getEntityType(), first.getOperationType(), first.getOperationId(), subject, changes));
  }

  /** The release a process instance belongs to, or null (an identity change, a process that is not a release's). */
  private static Long releaseOf(String processInstanceId) {
    if (processInstanceId == null) {
      return null;
    }
    CommandContext context = Context.getCommandContext();
    String businessKey = null;
    ExecutionEntity execution = context.getExecutionManager().findExecutionById(processInstanceId);
    if (execution != null) {
      businessKey = execution.getBusinessKey();
    } else {
      HistoricProcessInstanceEventEntity historic = context.getHistoricProcessInstanceManager()
          .findHistoricProcessInstance(processInstanceId);
      businessKey = historic == null ? null : historic.getBusinessKey();
    }
    try {
      return businessKey == null ? null : BusinessKey.releaseId(businessKey);
    } catch (BusinessKey.NotARelease e) {
      return null;
    }
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
