package org.relman.approval;

import static org.relman.process.ModelFiles.CAMUNDA;
import static org.relman.process.ModelFiles.where;

import java.util.ArrayList;
import java.util.List;

import org.relman.process.ModelCheck;
import org.relman.process.ModelFiles;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

/**
 * The approvals' shared task ({@code formRef="${taskKind}"}) opens the form of the approval each instance gives: each
 * approval the risk policy may ask for needs its form in {@code forms/}.
 */
@Component
class ApprovalFormsCheck implements ModelCheck {

  @Override
  public List<String> problems(ModelFiles models) {
    List<String> problems = new ArrayList<>();
    for (Element task : models.elements("userTask")) {
      if (!"${taskKind}".equals(task.getAttributeNS(CAMUNDA, "formRef"))) {
        continue;
      }
      for (String kind : ApprovalKinds.taskKinds()) {
        if (models.form(kind).isEmpty()) {
          problems.add(where(task) + ": the approval '" + ApprovalKinds.approvalOf(kind).orElse(kind)
              + "' opens forms/" + kind + ".form, which is missing");
        }
      }
    }
    return problems;
  }
}
