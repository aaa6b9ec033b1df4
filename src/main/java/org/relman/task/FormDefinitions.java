package org.relman.task;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.delegate.DelegateTask;
import org.operaton.bpm.engine.form.OperatonFormRef;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;
import org.operaton.bpm.engine.repository.Resource;
import org.operaton.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The form a task shows, as deployed with its process (the models' {@code formRefBinding="deployment"}): the forms of
 * a deployment never change, so each is read once. Read without the caller's authorisations: the rules of a form
 * hold for everyone who completes the task.
 */
@Component
public class FormDefinitions {

  private final ProcessEngine engine;
  private final ObjectMapper json;
  /** deployment id, then form id */
  private final Map<String, Map<String, FormDefinition>> byDeployment = new ConcurrentHashMap<>();
  /** process definition id, then its deployment's id: a definition never moves, so each is looked up once */
  private final Map<String, String> deploymentOf = new ConcurrentHashMap<>();

  FormDefinitions(ProcessEngine engine, ObjectMapper json) {
    this.engine = engine;
    this.json = json;
  }

  /** The form of a task being created or completed (inside the engine's command). */
  public FormDefinition of(DelegateTask task) {
    TaskEntity entity = (TaskEntity) task;
    entity.initializeFormKey();
    return of(task.getProcessDefinitionId(), entity.getOperatonFormRef(), task.getTaskDefinitionKey());
  }

  /** The form of an open task, as a query with {@code initializeFormKeys()} returned it. */
  public FormDefinition of(Task task) {
    return of(task.getProcessDefinitionId(), task.getOperatonFormRef(), task.getTaskDefinitionKey());
  }

  private FormDefinition of(String processDefinitionId, OperatonFormRef formRef, String taskKey) {
    if (formRef == null || formRef.getKey() == null) {
      throw new IllegalStateException("user task '" + taskKey + "' has no form (camunda:formRef)");
    }
    String deploymentId = deploymentOf.computeIfAbsent(processDefinitionId, id -> withoutAuthorization(
        repository -> repository.getProcessDefinition(id).getDeploymentId()));
    FormDefinition form = byDeployment.computeIfAbsent(deploymentId, this::forms).get(formRef.getKey());
    if (form == null) {
      throw new IllegalStateException("user task '" + taskKey + "' shows the form '" + formRef.getKey()
          + "', which its deployment " + deploymentId + " does not have");
    }
    return form;
  }

  private Map<String, FormDefinition> forms(String deploymentId) {
    return withoutAuthorization(repository -> {
      Map<String, FormDefinition> forms = new HashMap<>();
      for (Resource resource : repository.getDeploymentResources(deploymentId)) {
        if (resource.getName().endsWith(".form")) {
          try (InputStream in = repository.getResourceAsStreamById(deploymentId, resource.getId())) {
            JsonNode form = json.readTree(in);
            forms.put(form.path("id").asText(), FormDefinition.parse(form));
          } catch (IOException e) {
            throw new IllegalStateException("form " + resource.getName() + " of deployment " + deploymentId
                + " is not JSON: " + e.getMessage(), e);
          }
        }
      }
      return Map.copyOf(forms);
    });
  }

  private <T> T withoutAuthorization(java.util.function.Function<RepositoryService, T> read) {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(context -> context.runWithoutAuthorization(
        () -> read.apply(engine.getRepositoryService())));
  }
}
