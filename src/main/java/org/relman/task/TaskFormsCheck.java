package org.relman.task;

import static org.relman.process.ModelFiles.CAMUNDA;
import static org.relman.process.ModelFiles.where;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The human steps fit what relman reads from them: every user task is a task kind relman knows (its id), and the form
 * it shows has each field relman reads, under the same key, offers no value relman does not act on, and says when a
 * field hides in FEEL the form's viewer and relman both evaluate. A field the form adds and relman does not read is the
 * process owner's to add: its rules (required, lengths, allowed values) are the form's.
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
    // form id, then the task kind it serves: the forms of the tasks that name theirs, and each form named after a kind
    Map<String, TaskForm> served = new LinkedHashMap<>();
    for (Element task : models.elements("userTask")) {
      String formRef = task.getAttributeNS(CAMUNDA, "formRef");
      if (formRef.startsWith("${")) {
        continue;
      }
      kinds.find(task.getAttribute("id")).ifPresentOrElse(kind -> served.putIfAbsent(formRef, kind),
          () -> problems.add(where(task) + ": relman has no task kind '" + task.getAttribute("id") + "'; a user task's"
              + " id names one of " + new TreeSet<>(kinds.kinds())));
    }
    for (JsonNode form : models.forms().values()) {
      kinds.find(form.path("id").asText()).ifPresent(kind -> served.putIfAbsent(form.path("id").asText(), kind));
    }
    for (Map.Entry<String, JsonNode> file : models.forms().entrySet()) {
      String id = file.getValue().path("id").asText();
      TaskForm kind = served.get(id);
      if (kind != null) {
        problems.addAll(problems(file.getKey() + " (" + id + ")", FormDefinition.parse(file.getValue()), kind));
      }
    }
    return problems;
  }

  private static List<String> problems(String where, FormDefinition form, TaskForm kind) {
    List<String> problems = new ArrayList<>();
    Set<String> missing = new TreeSet<>(kind.fields());
    form.keys().forEach(missing::remove);
    if (!missing.isEmpty()) {
      problems.add(where + ": relman reads the fields " + missing + ", which the form does not have (a field's key is"
          + " what relman reads)");
    }
    kind.choices().forEach((key, understood) -> form.field(key).ifPresent(field -> {
      Set<String> unknown = new TreeSet<>(field.values());
      unknown.removeAll(understood);
      if (!unknown.isEmpty()) {
        problems.add(where + ": the field '" + key + "' offers " + unknown + ", which relman does not act on; it"
            + " understands " + new TreeSet<>(understood));
      }
    }));
    for (FormDefinition.Field field : form.fields()) {
      try {
        form.hidden(field, Map.of());
      } catch (IllegalStateException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    return problems;
  }
}
