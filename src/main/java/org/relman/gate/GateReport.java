package org.relman.gate;

import java.math.BigDecimal;

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

  /** Test results, when CI has them. Coverage is a percentage. */
  public record Metrics(
      @PositiveOrZero Integer testsTotal,
      @PositiveOrZero Integer testsFailed,
      @DecimalMin("0") @DecimalMax("100") BigDecimal coverage) {
  }
}
