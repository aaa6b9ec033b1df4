package org.relman.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.relman.task.CompletedTask;
import org.relman.task.FormValues;
import org.relman.task.TaskForm;
import org.relman.shared.FieldProblem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two look-back forms: "Review release" after a completed promotion, "Write post-mortem" after a rollback. */
@Configuration
class ReviewForms {

  static final int MAX_TEXT = 20_000;

  @Bean
  TaskForm postReleaseReviewForm(Reviews reviews) {
    return new ReviewForm("post-release-review", List.of("summary", "followUps"), reviews) {
      @Override
      public Map<String, Object> validate(FormValues submitted, List<FieldProblem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("summary", submitted.text("summary", true, 1, MAX_TEXT));
        values.put("followUps", submitted.text("followUps", false, 0, MAX_TEXT));
        return values;
      }
    };
  }

  @Bean
  TaskForm postMortemForm(Reviews reviews) {
    return new ReviewForm("post-mortem", List.of("rootCause", "summary", "followUps"), reviews) {
      @Override
      public Map<String, Object> validate(FormValues submitted, List<FieldProblem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("rootCause", submitted.text("rootCause", true, 1, MAX_TEXT));
        values.put("summary", submitted.text("summary", true, 1, MAX_TEXT));
        values.put("followUps", submitted.text("followUps", false, 0, MAX_TEXT));
        return values;
      }
    };
  }

  private abstract static class ReviewForm implements TaskForm {
    private final String kind;
    private final List<String> fields;
    private final Reviews reviews;

    ReviewForm(String kind, List<String> fields, Reviews reviews) {
      this.kind = kind;
      this.fields = fields;
      this.reviews = reviews;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public List<String> fields() {
      return fields;
    }

    @Override
    public void record(CompletedTask task) {
      reviews.add(task);
    }
  }
}
