package org.relman.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.operaton.bpm.engine.impl.pvm.process.ActivityImpl;
import org.operaton.bpm.engine.impl.pvm.process.ScopeImpl;
import org.operaton.bpm.engine.impl.pvm.process.TransitionImpl;
import org.operaton.bpm.engine.impl.util.xml.Element;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Records which flow nodes and sequence flows the process tests pass through, for the coverage report that
 * {@code ProcessCoverageIT} writes and holds at 100 %. On in the unit and process tests (surefire sets
 * {@value #RECORD} to this build's directory); every engine those tests start gets the listeners, added when a model
 * is parsed, as built-in listeners so nothing a test does skips them. Each JVM writes what it saw when it exits.
 */
@AutoConfiguration
@ConditionalOnProperty(ProcessCoverage.RECORD)
public class ProcessCoverage {

  static final String RECORD = "relman.process-coverage.record";

  /** "process key TAB flow node|sequence flow TAB element id" */
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
  private static volatile boolean hooked;

  @Bean
  AbstractProcessEnginePlugin processCoverageRecorder() {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
          configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new Listeners());
        writeOnExit(Path.of(System.getProperty(RECORD)));
      }
    };
  }

  private static final class Listeners implements BpmnParseListener {
    @Override
    public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
      for (ProcessDefinitionEntity definition : processDefinitions) {
        add(definition.getKey(), definition);
      }
    }

    private void add(String key, ScopeImpl scope) {
      for (ActivityImpl activity : scope.getActivities()) {
        String node = activity.getId().replace("#multiInstanceBody", "");
        activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, execution -> SEEN.add(key + "\tnode\t" + node));
        for (var outgoing : activity.getOutgoingTransitions()) {
          TransitionImpl flow = (TransitionImpl) outgoing;
          String id = flow.getId();
          flow.addBuiltInListener(ExecutionListener.EVENTNAME_TAKE, execution -> SEEN.add(key + "\tflow\t" + id));
        }
        add(key, activity);
      }
    }
  }

  private static synchronized void writeOnExit(Path directory) {
    if (hooked) {
      return;
    }
    hooked = true;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Files.createDirectories(directory);
        Files.write(directory.resolve("seen-" + ProcessHandle.current().pid() + ".tsv"), new TreeSet<>(SEEN));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "process-coverage"));
  }

}
