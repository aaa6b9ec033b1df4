package org.relman.task;

import static org.relman.process.ModelFiles.BPMN;
import static org.relman.process.ModelFiles.CAMUNDA;
import static org.relman.process.ModelFiles.where;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.relman.process.ModelCheck;
import org.relman.process.ModelFiles;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Every human step has a clock and a name (docs/process-owners.md): a due date, a non-interrupting timer on
 * it followed by "Remind and escalate overdue task", settings that exist for both, and a name that says which release
 * it is about ({@code ${releaseLabel}}), so a task list with twenty releases tells their tasks apart.
 */
@Component
class TaskClockCheck implements ModelCheck {

  static final String LABEL = "${releaseLabel}";
  static final String ESCALATE = "${escalateOverdueTask}";
  private static final Pattern NAMED = Pattern.compile("taskDue\\.(?:at|reminders)\\(\\s*'([^']*)'\\s*\\)");

  private final TaskDue due;

  TaskClockCheck(TaskDue due) {
    this.due = due;
  }

  @Override
  public List<String> problems(ModelFiles models) {
    List<String> problems = new ArrayList<>();
    for (Element task : models.elements("userTask")) {
      String dueDate = task.getAttributeNS(CAMUNDA, "dueDate");
      if (dueDate.isBlank()) {
        problems.add(where(task) + ": a user task needs a due date (camunda:dueDate=\"${taskDue.at('"
            + task.getAttribute("id") + "')}\", the setting relman.tasks.due." + task.getAttribute("id") + ")");
      }
      names(task, dueDate, problems);
      if (!task.getAttribute("name").contains(LABEL)) {
        problems.add(where(task) + ": a user task's name must say which release it is about: end it with ': "
            + LABEL + "'");
      }
      overdue(task, problems);
    }
    return problems;
  }

  /** The task's non-interrupting timer, and the escalation step after it. */
  private void overdue(Element task, List<String> problems) {
    Document model = task.getOwnerDocument();
    for (Element boundary : ModelFiles.elements(model, BPMN, "boundaryEvent")) {
      if (!boundary.getAttribute("attachedToRef").equals(task.getAttribute("id"))
          || ModelFiles.elements(boundary, BPMN, "timerEventDefinition").isEmpty()) {
        continue;
      }
      if (!"false".equals(boundary.getAttribute("cancelActivity"))) {
        problems.add(where(boundary) + ": the overdue timer must not interrupt the task (cancelActivity=\"false\")");
      }
      for (Element definition : ModelFiles.elements(boundary, BPMN, "*")) {
        if (definition.getLocalName().startsWith("time")) {
          names(boundary, definition.getTextContent(), problems);
        }
      }
      if (escalates(boundary)) {
        return;
      }
    }
    problems.add(where(task) + ": a user task needs a non-interrupting timer (its due period, ${taskDue.reminders('"
        + task.getAttribute("id") + "')}) followed by the step \"Remind and escalate overdue task\" ("
        + ESCALATE + "), so nobody forgets it");
  }

  private static boolean escalates(Element boundary) {
    Document model = boundary.getOwnerDocument();
    for (Element flow : ModelFiles.elements(model, BPMN, "sequenceFlow")) {
      if (flow.getAttribute("sourceRef").equals(boundary.getAttribute("id"))) {
        Element next = ModelFiles.byId(model, flow.getAttribute("targetRef"));
        if (next != null && ESCALATE.equals(next.getAttributeNS(CAMUNDA, "delegateExpression"))) {
          return true;
        }
      }
    }
    return false;
  }

  private void names(Element element, String expression, List<String> problems) {
    Matcher named = NAMED.matcher(expression);
    while (named.find()) {
      if (!due.names().contains(named.group(1))) {
        problems.add(where(element) + ": there is no setting relman.tasks.due." + named.group(1) + "; the names are "
            + due.names());
      }
    }
  }
}
