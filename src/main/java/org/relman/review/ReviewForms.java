package org.relman.review;

import java.util.List;

import org.relman.task.CompletedTask;
import org.relman.task.TaskForm;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two look-back forms: "Review release" after a completed promotion, "Write post-mortem" after a rollback. */
@Configuration
class ReviewForms {

  @Bean
  TaskForm postReleaseReviewForm(Reviews reviews) {
    return new ReviewForm("post-release-review", List.of("summary", "followUps"), reviews);
  }

  @Bean
  TaskForm postMortemForm(Reviews reviews) {
    return new ReviewForm("post-mortem", List.of("rootCause", "summary", "followUps"), reviews);
  }

  private static final class ReviewForm implements TaskForm {
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
