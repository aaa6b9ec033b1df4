package org.relman.notes;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who the notes are for. Engineers get every change, with its author; customers do not get the groups that change
 * nothing they can see ({@link #CUSTOMER_HIDDEN_TYPES}) nor author names. Breaking changes are listed for both,
 * whatever their type.
 */
public enum Audience {
  ENGINEERING, CUSTOMER;

  /** Conventional-commit types left out of customer notes. */
  public static final Set<String> CUSTOMER_HIDDEN_TYPES = Set.of("chore", "refactor", "test", "ci", "build", "style");

  /** How the API spells it: {@code engineering}, {@code customer}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Audience> of(String label) {
    return Arrays.stream(values()).filter(a -> a.label().equals(label)).findFirst();
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(Audience::label).toList();
  }

  boolean shows(ConventionalCommit commit) {
    return this == ENGINEERING || commit.breaking() || commit.type() == null
        || !CUSTOMER_HIDDEN_TYPES.contains(commit.type());
  }
}
