package org.relman.approval;

import java.util.List;

import org.relman.task.CompletedTask;
import org.relman.task.FormValues;
import org.relman.task.TaskForm;
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

    /**
     * The approver says yes or no in so many words: an approval absent from what was submitted is never taken as either;
     * a rejection says why.
     */
    @Override
    public void check(FormValues values) {
      if (values.refused("approved")) {
        return;
      }
      Boolean approved = values.bool("approved");
      if (approved == null) {
        values.problem("approved", "is required (true or false)");
      } else if (!approved && values.text("comment") == null && !values.refused("comment")) {
        values.problem("comment", "is required when rejecting");
      }
    }

    @Override
    public void record(CompletedTask task) {
      approvals.add(task.releaseId(), kind, Boolean.TRUE.equals(task.values().get("approved")) ? "APPROVED" : "REJECTED",
          task.actor(), task.at(), task.text("comment"), task.taskId());
    }
  }
}
