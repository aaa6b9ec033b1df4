package org.relman.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.repository.DeploymentWithDefinitions;
import org.operaton.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the models in {@code bpmn/} (BPMN, DMN) and {@code forms/} (Camunda Forms) at start-up, as one deployment
 * named {@value #NAME}, under classpath-relative names such as {@code bpmn/release.bpmn}. The names are the same
 * whether relman runs from the build output or from the jar, so restarting with unchanged models deploys nothing,
 * and an edited model is deployed with the others as a new version (forms are bound per deployment).
 *
 * <p>Neither the starter's auto-deployment (absolute file paths from the build output, bare names from the jar) nor
 * a {@code processes.xml} process archive (entry names under {@code BOOT-INF/classes/} in the jar) gives stable names;
 * see docs/adr/0002-model-deployment.md.
 */
@Component
class ModelDeployment implements SmartInitializingSingleton {

  static final String NAME = "relman";
  private static final Logger log = LoggerFactory.getLogger(ModelDeployment.class);
  private static final List<String[]> MODELS = List.of(
      new String[] {"bpmn", "classpath*:bpmn/**/*.bpmn"},
      new String[] {"bpmn", "classpath*:bpmn/**/*.dmn"},
      new String[] {"forms", "classpath*:forms/**/*.form"});

  private final RepositoryService repository;
  private final List<ModelCheck> checks;

  ModelDeployment(RepositoryService repository, List<ModelCheck> checks) {
    this.repository = repository;
    this.checks = checks;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Map<String, Resource> resources = models();
    if (resources.isEmpty()) {
      throw new IllegalStateException("no models found on the class path under bpmn/ and forms/");
    }
    Map<String, byte[]> files = new TreeMap<>();
    resources.forEach((name, resource) -> {
      try (InputStream in = resource.getInputStream()) {
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("cannot read model " + name, e);
      }
    });
    refuseBroken(files);
    DeploymentBuilder deployment = repository.createDeployment().name(NAME).source(NAME).enableDuplicateFiltering(false);
    files.forEach((name, model) -> deployment.addInputStream(name, new java.io.ByteArrayInputStream(model)));
    DeploymentWithDefinitions result = deployment.deployWithResult();
    if (result.getDeployedProcessDefinitions() == null || result.getDeployedProcessDefinitions().isEmpty()) {
      log.info("Models unchanged since deployment {}: {}", result.getId(), resources.keySet());
    } else {
      result.getDeployedProcessDefinitions().forEach(definition -> log.info("Deployed {} version {} from {}",
          definition.getKey(), definition.getVersion(), definition.getResourceName()));
    }
  }

  /**
   * Stops the deployment (and so the start) when a check finds a problem in the models, with one line per problem
   * naming the file and the element.
   */
  void refuseBroken(Map<String, byte[]> files) {
    List<String> problems = problems(files);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("The models cannot be deployed; fix them in the Camunda Modeler:\n  - "
          + String.join("\n  - ", problems));
    }
  }

  /** What every {@link ModelCheck} finds in these models, by their deployment names; empty when they may deploy. */
  List<String> problems(Map<String, byte[]> files) {
    List<String> problems = new java.util.ArrayList<>();
    files.forEach((name, model) ->
        checks.forEach(check -> check.problems(name, model).forEach(problem -> problems.add(name + ": " + problem))));
    ModelFiles models = ModelFiles.of(files);
    problems.addAll(models.unreadable());
    checks.forEach(check -> problems.addAll(check.problems(models)));
    return problems;
  }

  /** Model resources by their deployment name: the path below the class path root, e.g. {@code forms/go-no-go.form}. */
  static Map<String, Resource> models() {
    var resolver = new PathMatchingResourcePatternResolver();
    Map<String, Resource> resources = new TreeMap<>();
    for (String[] model : MODELS) {
      String folder = model[0];
      String pattern = model[1];
      try {
        for (Resource resource : resolver.getResources(pattern)) {
          String url = resource.getURL().toString();
          int start = url.lastIndexOf("/" + folder + "/");
          resources.put(url.substring(start + 1), resource);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list models " + pattern, e);
      }
    }
    return resources;
  }
}
