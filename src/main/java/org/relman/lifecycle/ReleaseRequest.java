package org.relman.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/releases} (API.md). */
public record ReleaseRequest(
    @NotNull(message = "is required") @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must match [A-Za-z0-9._-]{1,64}")
    String version,
    @Size(max = 200) String name,
    @NotEmpty(message = "is required and must name at least one service") @Size(max = 100)
    List<@NotNull(message = "must not be null") @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must match [a-z0-9-]{1,64}") String> services,
    @NotNull(message = "is required") Instant plannedStart,
    @NotNull(message = "is required") @Valid Repository repository,
    Boolean hotfix,
    @Size(max = 4000) String rollbackPlan,
    @Size(max = 50, message = "may hold at most 50 facts") Map<String, Object> facts) {

  /** Where the change set comes from. */
  public record Repository(
      @NotBlank(message = "is required") @Size(max = 1000) String url,
      @NotBlank(message = "is required") @Size(max = 255) @Pattern(regexp = "\\S+", message = "must not contain whitespace") String fromRef,
      @NotBlank(message = "is required") @Size(max = 255) @Pattern(regexp = "\\S+", message = "must not contain whitespace") String toRef) {}
}
