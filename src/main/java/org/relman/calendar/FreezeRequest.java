package org.relman.calendar;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/freezes}: one-off ({@code start}, {@code end}) or recurring ({@code recurrence}), for
 * some services or (none listed) all.
 */
public record FreezeRequest(
    @NotBlank(message = "is required") @Size(max = 200) String name,
    Instant start,
    Instant end,
    @Valid Recurrence recurrence,
    @Size(max = 100) List<@NotNull(message = "must not be null") @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must match [a-z0-9-]{1,64}") String> services) {

  /** {@code cron} in Spring syntax (seconds first: "0 0 18 * * FRI"), {@code duration} ISO-8601, {@code zone} an IANA id. */
  public record Recurrence(
      @NotBlank(message = "is required, e.g. 0 0 18 * * FRI") String cron,
      @NotBlank(message = "is required, e.g. PT62H") String duration,
      @NotBlank(message = "is required, e.g. Europe/Berlin") String zone) {}
}
