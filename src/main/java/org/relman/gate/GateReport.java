package org.relman.gate;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The body CI posts to {@code /api/releases/{id}/gates/{gate}}. */
public record GateReport(
    @NotNull(message = "is required (PASSED or FAILED)") Outcome status,
    @Size(max = 4000) String summary,
    @Size(max = 2000) String url,
    @Valid Metrics metrics) {

  public enum Outcome { PASSED, FAILED }

  /** Test results, when CI has them. */
  public record Metrics(
      @PositiveOrZero(message = "must be 0 or more") Integer testsTotal,
      @PositiveOrZero(message = "must be 0 or more") Integer testsFailed,
      @Schema(description = "Line coverage as a percentage from 0 to 100, decimals allowed (87.5); not a fraction"
          + " (0.875 means less than one percent). Anything else (negative, over 100, text) is a 400 naming"
          + " metrics.coverage.", minimum = "0", maximum = "100", example = "87.5")
      @DecimalMin(value = "0", message = COVERAGE) @DecimalMax(value = "100", message = COVERAGE) BigDecimal coverage) {

    static final String COVERAGE = "must be a percentage from 0 to 100";
  }
}
