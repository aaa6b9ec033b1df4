package org.relman.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.relman.http.ProblemDetailsAdvice;
import org.relman.shared.FieldProblem;
import org.relman.shared.InvalidInput;
import org.relman.shared.Refusal;
import org.relman.task.Caller;
import org.relman.task.TaskList;
import org.relman.view.ReleaseReader;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * My tasks: the signed-in person's open tasks, and each task as its Camunda Form (rendered in the page by the form-js
 * viewer) with what the decision rests on. A submission goes to the {@link TaskList} exactly as
 * {@code POST /api/tasks/{id}/complete} does, so four eyes, candidate groups and required fields hold the same; a
 * refusal is shown on the task in the service's words.
 */
@Controller
class TaskPages {

  private final TaskList taskList;
  private final ObjectMapper json;
  private final ReleaseReader read;

  TaskPages(TaskList taskList, ObjectMapper json, ReleaseReader read) {
    this.taskList = taskList;
    this.json = json;
    this.read = read;
  }

  @GetMapping("/tasks")
  String list(Authentication caller, Model model) {
    model.addAttribute("tasks", taskList.open(caller(caller)));
    return "tasks";
  }

  @GetMapping("/tasks/{id}")
  String task(@PathVariable String id, Authentication caller, Model model) {
    show(id, caller, model, null);
    return "task";
  }

  @PostMapping("/tasks/{id}")
  String complete(@PathVariable String id, @RequestParam(required = false) String variables, Authentication caller,
      Model model, RedirectAttributes flash, HttpServletResponse response) {
    // a task the caller may not see does not exist for them, whatever they sent (as for the API)
    TaskList.Detail done = taskList.get(id, caller(caller));
    Map<String, Object> values;
    try {
      values = variables == null || variables.isBlank() ? null
          : json.readValue(variables, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      values = null;
    }
    try {
      if (values == null) {
        throw InvalidInput.of("variables", "is required: the form's fields as a JSON object");
      }
      taskList.complete(id, values, caller(caller));
      flash.addFlashAttribute("done", "Done: " + done.name()
          + (done.releaseVersion() == null ? "" : " for release " + done.releaseVersion()) + ".");
      return "redirect:/tasks";
    } catch (Refusal refusal) {
      response.setStatus(ProblemDetailsAdvice.status(refusal).value());
      show(id, caller, model, values);
      model.addAttribute("refusal", Plain.words(refusal));
      model.addAttribute("fieldProblems", fieldProblems(refusal.problems()));
      return "task";
    }
  }

  private void show(String id, Authentication caller, Model model, Map<String, Object> submitted) {
    TaskList.Detail task = taskList.get(id, caller(caller));
    Map<String, Object> data = new LinkedHashMap<>(taskList.formText(id, caller(caller)));
    data.putIfAbsent("releaseVersion", task.releaseVersion());
    task.values().forEach((k, v) -> {
      if (v != null) {
        data.put(k, v);
      }
    });
    if (submitted != null) {
      data.putAll(submitted);
    }
    model.addAttribute("task", task);
    model.addAttribute("schemaJson", write(task.form()));
    model.addAttribute("dataJson", write(data));
    model.addAttribute("basis", basis(task));
    model.addAttribute("fieldProblems", Map.of());
  }

  /**
   * What the decision rests on: the task's own context (as {@code GET /api/tasks/{id}} gives it), and for a task of a
   * release whose context does not say, the release's latest risk assessment and its gates from the read side.
   */
  private Map<String, Object> basis(TaskList.Detail task) {
    Map<String, Object> basis = new LinkedHashMap<>(task.context());
    basis.remove("releaseVersion");
    if (task.releaseId() != null) {
      if (!basis.containsKey("risk")) {
        read.latestRisk(task.releaseId()).ifPresent(risk -> {
          basis.put("risk level", risk.level());
          basis.put("approvals required", risk.requiredApprovals());
          basis.put("risk facts", risk.facts());
        });
      }
      if (!basis.containsKey("gates")) {
        basis.put("gates", read.gates(task.releaseId()).stream().map(g -> g.name() + ": " + g.status()
            + (g.testsTotal() == null ? "" : ", " + g.testsFailed() + " of " + g.testsTotal() + " tests failed")
            + (g.coverage() == null ? "" : ", coverage " + g.coverage() + " %")).toList());
      }
    }
    return basis;
  }

  private static Map<String, String> fieldProblems(List<FieldProblem> problems) {
    Map<String, String> byField = new LinkedHashMap<>();
    problems.forEach(p -> byField.merge(Plain.field(p.field()), p.message(), (a, b) -> a + "; " + b));
    return byField;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Caller caller(Authentication authentication) {
    return new Caller(authentication.getName(),
        authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
  }
}
