package org.relman.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line as the CLI reads it: {@code --name value} or {@code --name=value} options (a few of them flags,
 * without a value), anywhere on the line, and the words that are not options (the command). Every mistake is a
 * {@link Exit#USAGE} failure naming the option, found before anything is sent.
 */
final class Args {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private final Map<String, List<String>> options = new LinkedHashMap<>();
  private final List<String> words = new ArrayList<>();

  private Args() {}

  /** Reads {@code tokens}; {@code flags} are the option names that take no value. */
  static Args parse(String[] tokens, Set<String> flags) {
    Args args = new Args();
    boolean optionsEnded = false;
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (optionsEnded || !token.startsWith("--") || token.equals("-")) {
        args.words.add(token);
        continue;
      }
      if (token.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = token.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
        if (flags.contains(name)) {
          throw Exit.USAGE.fail("--" + name + " takes no value");
        }
      } else if (flags.contains(name)) {
        value = "true";
      } else if (i + 1 < tokens.length) {
        value = tokens[++i];
      } else {
        throw Exit.USAGE.fail("--" + name + " needs a value");
      }
      if (name.isEmpty()) {
        throw Exit.USAGE.fail("'" + token + "' is not an option");
      }
      args.options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return args;
  }

  /** The words that are not options, in order: the command first. */
  List<String> words() {
    return words;
  }

  /** Refuses options that the command does not know, naming them and what it knows. */
  Args only(Set<String> known, String command) {
    for (String name : options.keySet()) {
      if (!known.contains(name)) {
        throw Exit.USAGE.fail("'" + command + "' has no option --" + name + " (it knows --"
            + String.join(", --", known.stream().sorted().toList()) + ")");
      }
    }
    return this;
  }

  /** The option's value, or null when it is not given; given twice is a mistake. */
  String one(String name) {
    List<String> values = options.get(name);
    if (values == null) {
      return null;
    }
    if (values.size() > 1) {
      throw Exit.USAGE.fail("--" + name + " is given " + values.size() + " times; give it once");
    }
    return values.get(0);
  }

  /** Every value of a repeatable option, in order (empty when not given). */
  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return one(name) != null;
  }

  String required(String name, String what) {
    String value = one(name);
    if (value == null || value.isBlank()) {
      throw Exit.USAGE.fail("--" + name + " is required: " + what);
    }
    return value;
  }

  /**
   * A duration: ISO-8601 ({@code PT30M}) or a number with a unit ({@code 500ms}, {@code 90s}, {@code 30m},
   * {@code 2h}; no unit: seconds). {@code absent} when the option is not given.
   */
  Duration duration(String name, Duration absent) {
    String value = one(name);
    if (value == null) {
      return absent;
    }
    Duration duration = duration(value.strip());
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw Exit.USAGE.fail("--" + name + " must be a positive duration such as 30m, 90s, 500ms or PT30M, got '"
          + value + "'");
    }
    return duration;
  }

  private static Duration duration(String text) {
    if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(Math.min(amount, 1_000_000));
      case "h" -> Duration.ofHours(Math.min(amount, 100_000));
      default -> Duration.ofSeconds(amount);
    };
  }

  /** A whole number of at least {@code min}, or null when not given. */
  Long number(String name, long min) {
    String value = one(name);
    if (value == null) {
      return null;
    }
    try {
      long number = Long.parseLong(value.strip());
      if (number >= min) {
        return number;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw Exit.USAGE.fail("--" + name + " must be a whole number of at least " + min + ", got '" + value + "'");
  }
}
