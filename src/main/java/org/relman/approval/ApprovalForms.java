package org.relman.approval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.relman.task.CompletedTask;
import org.relman.task.FormValues;
import org.relman.task.TaskForm;
import org.relman.shared.FieldProblem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The approvals the risk policy asks for: QA sign-off, security review, change board approval. Each approves or
 * rejects with a comment (required when rejecting); four eyes: never the release's requester. A rejection means the
 * release cannot GO at its go/no-go.
 */
@Configuration
class ApprovalForms {

  @Bean
  TaskForm qaSignoffForm(Approvals approvals) {
    return new ApprovalForm("qa-signoff", "QA sign-off", approvals);
  }

  @Bean
  TaskForm securityReviewForm(Approvals approvals) {
    return new ApprovalForm("security-review", "Security review", approvals);
  }

  @Bean
  TaskForm cabApprovalForm(Approvals approvals) {
    return new ApprovalForm("cab-approval", "Change board approval", approvals);
  }

  static final class ApprovalForm implements TaskForm {
    private final String kind;
    private final String title;
    private final Approvals approvals;

    ApprovalForm(String kind, String title, Approvals approvals) {
      this.kind = kind;
      this.title = title;
      this.approvals = approvals;
    }

    /** All approvals share the model's "Approve release" task: each instance is named after its kind. */
    @Override
    public void prepare(org.operaton.bpm.engine.delegate.DelegateTask task, long releaseId) {
      task.setName(title);
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public List<String> fields() {
      return List.of("approved", "comment");
    }

    @Override
    public boolean fourEyes() {
      return true;
    }

    @Override
    public Map<String, Object> validate(FormValues submitted, List<FieldProblem> problems) {
      Boolean approved = submitted.bool("approved", true);
      String comment = submitted.text("comment", Boolean.FALSE.equals(approved), 0, 4000);
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("approved", approved);
      values.put("comment", comment);
      return values;
    }

    @Override
    public void record(CompletedTask task) {
      approvals.add(task.releaseId(), kind, Boolean.TRUE.equals(task.values().get("approved")) ? "APPROVED" : "REJECTED",
          task.actor(), task.at(), task.text("comment"), task.taskId());
    }
  }
}
