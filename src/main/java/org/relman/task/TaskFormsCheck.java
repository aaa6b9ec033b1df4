package org.relman.task;

import static org.relman.process.ModelFiles.CAMUNDA;
import static org.relman.process.ModelFiles.where;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.relman.process.ModelCheck;
import org.relman.process.ModelFiles;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

/**
 * The human steps fit what relman reads from them: every user task is a task kind relman knows (its id, as its form's),
 * and every form of a known kind has each field relman reads, under the same key. A field the form adds and relman
 * does not read is the process owner's to add.
 */
@Component
class TaskFormsCheck implements ModelCheck {

  private final TaskForms kinds;

  TaskFormsCheck(TaskForms kinds) {
    this.kinds = kinds;
  }

  @Override
  public List<String> problems(ModelFiles models) {
    List<String> problems = new ArrayList<>();
    for (Element task : models.elements("userTask")) {
      String formRef = task.getAttributeNS(CAMUNDA, "formRef");
      if (!formRef.startsWith("${") && kinds.find(task.getAttribute("id")).isEmpty()) {
        problems.add(where(task) + ": relman has no task kind '" + task.getAttribute("id") + "'; a user task's id names"
            + " one of " + new TreeSet<>(kinds.kinds()));
      }
    }
    for (Map.Entry<String, JsonNode> form : models.forms().entrySet()) {
      String id = form.getValue().path("id").asText();
      kinds.find(id).ifPresent(kind -> {
        Set<String> missing = new TreeSet<>(kind.fields());
        ModelFiles.keys(form.getValue()).forEach(missing::remove);
        if (!missing.isEmpty()) {
          problems.add(form.getKey() + " (" + id + "): relman reads the fields " + missing + ", which the form does"
              + " not have (a field's key is what relman reads)");
        }
      });
    }
    return problems;
  }
}
