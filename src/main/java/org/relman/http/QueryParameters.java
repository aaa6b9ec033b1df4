package org.relman.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.relman.shared.FieldProblem;
import org.relman.shared.InvalidInput;

/**
 * Reads an endpoint's query parameters so that one answer names every bad one: Spring converts typed
 * {@code @RequestParam}s one by one and stops at the first that does not convert, so a bad {@code from} would hide a bad
 * {@code size}. Endpoints take their parameters as text and read them here; {@link #check()} throws one
 * {@link InvalidInput} with every problem, the endpoint's own ({@link #problem}) included.
 */
public final class QueryParameters {

  private final List<FieldProblem> problems = new ArrayList<>();

  /** An ISO-8601 instant ({@code 2026-12-03T10:00:00Z}), or null when absent or blank. */
  public Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Instant instant = Instant.parse(value.strip());
      if (!StrictJson.inRange(instant)) {
        return problem(name, "'" + value + "' is out of range: " + StrictJson.RANGE);
      }
      return instant;
    } catch (DateTimeParseException e) {
      return problem(name, "'" + value + "' is not an ISO-8601 instant such as 2026-12-03T10:00:00Z");
    }
  }

  /** A whole number in {@code [min, max]}, or {@code absent} when not given. */
  public Integer integer(String name, String value, int min, int max, Integer absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number < min || number > max) {
        return problem(name, max == Integer.MAX_VALUE ? "must be " + min + " or more" : "must be between " + min + " and " + max);
      }
      return number;
    } catch (NumberFormatException e) {
      return problem(name, "'" + value + "' is not a whole number" + (max == Integer.MAX_VALUE ? " of at least " + min
          : " between " + min + " and " + max));
    }
  }

  /** One of the enum's constants, exactly as it is named; null when absent or blank. */
  public <E extends Enum<E>> E oneOf(String name, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value.strip())) {
        return constant;
      }
    }
    return problem(name, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
  }

  /** Records a problem of the endpoint's own; returns null so a reader can answer with it. */
  public <T> T problem(String name, String message) {
    problems.add(new FieldProblem(name, message));
    return null;
  }

  /** Whether {@code name} already has a problem (its value is then null, which is not "absent"). */
  public boolean failed(String name) {
    return problems.stream().anyMatch(p -> p.field().equals(name));
  }

  /** Throws one {@link InvalidInput} naming every problem found so far. */
  public void check() {
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
  }
}
