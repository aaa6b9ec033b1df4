package org.relman.web;

import java.util.stream.Collectors;

import org.relman.shared.InvalidInput;
import org.relman.shared.Refusal;

/** A refusal as a person reads it on a page: the service's own words, every bad field named. */
final class Plain {

  private Plain() {}

  static String words(Refusal refusal) {
    if (refusal instanceof InvalidInput invalid && !invalid.problems().isEmpty()) {
      return invalid.problems().stream().map(p -> field(p.field()) + " " + p.message())
          .collect(Collectors.joining("; ")) + ".";
    }
    String message = refusal.getMessage() == null ? "Refused." : refusal.getMessage().strip();
    return message.endsWith(".") ? message : message + ".";
  }

  /** {@code variables.comment} as "Comment", {@code repository.url} as "Repository url". */
  static String field(String path) {
    String last = path.startsWith("variables.") ? path.substring("variables.".length()) : path;
    // services[0] is the first service
    last = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(last)
        .replaceAll(m -> " " + (Integer.parseInt(m.group(1)) + 1));
    String spaced = last.replace('.', ' ').replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    return spaced.isEmpty() ? path : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }
}
