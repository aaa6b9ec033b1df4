package org.relman.task;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import org.operaton.bpm.dmn.feel.impl.FeelEngine;
import org.operaton.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.operaton.bpm.engine.variable.Variables;
import org.relman.shared.FieldProblem;

/**
 * A Camunda Form as relman reads it: each field with a key and what the form asks of it (required, minimum and maximum
 * length, allowed values, pattern, when it is hidden). The form in {@code forms/} is the source of these rules, for
 * every door a task is completed through; Java keeps only the rules that span fields or need relman's data.
 */
public record FormDefinition(String id, List<Field> fields) {

  /** Field types that hold no value of their own (text, images, layout). */
  private static final java.util.Set<String> DISPLAY_ONLY = java.util.Set.of("text", "html", "image", "spacer",
      "separator", "group", "dynamiclist", "iframe", "table", "button", "expression");

  /** One field of the form: what its key holds and what the form requires of it. */
  public record Field(String key, String type, String subtype, String label, boolean required, Integer minLength,
      Integer maxLength, BigDecimal min, BigDecimal max, String pattern, List<String> values, String hide) {

    /** True when the form offers a fixed list of values (radio, select, checklist, taglist with static values). */
    boolean closedChoice() {
      return !values.isEmpty();
    }
  }

  /** Reads the fields of a form's JSON, groups included; fields without a key only display something. */
  public static FormDefinition parse(JsonNode form) {
    List<Field> fields = new ArrayList<>();
    collect(form.path("components"), fields);
    return new FormDefinition(form.path("id").asText(), List.copyOf(fields));
  }

  private static void collect(JsonNode components, List<Field> fields) {
    for (JsonNode component : components) {
      collect(component.path("components"), fields);
      String type = component.path("type").asText();
      if (!component.hasNonNull("key") || DISPLAY_ONLY.contains(type)) {
        continue;
      }
      JsonNode validate = component.path("validate");
      List<String> values = new ArrayList<>();
      component.path("values").forEach(v -> values.add(v.path("value").asText()));
      String hide = component.path("conditional").path("hide").asText(null);
      fields.add(new Field(component.path("key").asText(), type, component.path("subtype").asText(null),
          component.path("label").asText(component.path("key").asText()), validate.path("required").asBoolean(false),
          validate.hasNonNull("minLength") ? validate.path("minLength").asInt() : null,
          validate.hasNonNull("maxLength") ? validate.path("maxLength").asInt() : null,
          validate.hasNonNull("min") ? validate.path("min").decimalValue() : null,
          validate.hasNonNull("max") ? validate.path("max").decimalValue() : null,
          validate.hasNonNull("pattern") ? validate.path("pattern").asText() : null, List.copyOf(values), hide));
    }
  }

  public List<String> keys() {
    return fields.stream().map(Field::key).toList();
  }

  public Optional<Field> field(String key) {
    return fields.stream().filter(f -> f.key().equals(key)).findFirst();
  }

  /**
   * Checks submitted values against the form and returns them normalised, one entry per field of the form: text
   * trimmed (blank counts as absent), instants as ISO strings, a hidden field as null. Adds a problem per field that
   * breaks a rule of the form. A field the form does not have is not read here (the doors refuse it).
   */
  public Map<String, Object> check(Map<String, Object> submitted, List<FieldProblem> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : fields) {
      if (hidden(field, submitted)) {
        values.put(field.key(), null);
        continue;
      }
      values.put(field.key(), check(field, submitted.get(field.key()), problems));
    }
    return values;
  }

  private static Object check(Field field, Object raw, List<FieldProblem> problems) {
    String key = field.key();
    if (raw instanceof String text && text.isBlank()) {
      raw = null;
    }
    if (raw == null) {
      if (field.required()) {
        problems.add(new FieldProblem(key, "is required"));
      }
      return null;
    }
    switch (field.type()) {
      case "checkbox" -> {
        if (!(raw instanceof Boolean checked)) {
          problems.add(new FieldProblem(key, "must be true or false"));
          return null;
        }
        if (field.required() && !checked) {
          problems.add(new FieldProblem(key, "must be checked"));
        }
        return checked;
      }
      case "number" -> {
        return number(field, raw, problems);
      }
      case "checklist", "taglist" -> {
        if (!(raw instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
          problems.add(new FieldProblem(key, "must be a list of text values"));
          return null;
        }
        list.stream().filter(v -> field.closedChoice() && !field.values().contains(v)).findFirst().ifPresent(v ->
            problems.add(new FieldProblem(key, "must hold only values of " + field.values() + ", got '" + v + "'")));
        return List.copyOf(list);
      }
      default -> {
        if (!(raw instanceof String)) {
          problems.add(new FieldProblem(key, "must be text"));
          return null;
        }
        String text = ((String) raw).strip();
        if (field.closedChoice() && !field.values().contains(text)) {
          problems.add(new FieldProblem(key, "must be one of " + field.values() + ", got '" + text + "'"));
          return null;
        }
        if ("datetime".equals(field.type())) {
          return dateTime(field, text, problems);
        }
        if (field.minLength() != null && text.length() < field.minLength()) {
          problems.add(new FieldProblem(key, "must be at least " + field.minLength() + " characters (has "
              + text.length() + ")"));
        } else if (field.maxLength() != null && text.length() > field.maxLength()) {
          problems.add(new FieldProblem(key, "must be at most " + field.maxLength() + " characters (has "
              + text.length() + ")"));
        } else if (field.pattern() != null && !matches(field.pattern(), text)) {
          problems.add(new FieldProblem(key, "must match the pattern " + field.pattern()));
        }
        return text;
      }
    }
  }

  private static Object number(Field field, Object raw, List<FieldProblem> problems) {
    BigDecimal number;
    try {
      number = raw instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(raw.toString().strip());
    } catch (NumberFormatException e) {
      problems.add(new FieldProblem(field.key(), "must be a number, got '" + raw + "'"));
      return null;
    }
    if (field.min() != null && number.compareTo(field.min()) < 0) {
      problems.add(new FieldProblem(field.key(), "must be at least " + field.min().toPlainString()));
    } else if (field.max() != null && number.compareTo(field.max()) > 0) {
      problems.add(new FieldProblem(field.key(), "must be at most " + field.max().toPlainString()));
    }
    if (raw instanceof Number) {
      return raw;
    }
    // a number given as text is kept as the engine stores numbers (long or double), never as a serialized BigDecimal
    return number.stripTrailingZeros().scale() <= 0 && number.toBigInteger().bitLength() < 63 ? (Object) number.longValueExact()
        : (Object) number.doubleValue();
  }

  private static String dateTime(Field field, String text, List<FieldProblem> problems) {
    try {
      return switch (field.subtype() == null ? "datetime" : field.subtype()) {
        case "date" -> LocalDate.parse(text).toString();
        case "time" -> LocalTime.parse(text).toString();
        default -> OffsetDateTime.parse(text).toInstant().toString();
      };
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(field.key(), switch (field.subtype() == null ? "datetime" : field.subtype()) {
        case "date" -> "must be a date such as 2026-12-03, got '" + text + "'";
        case "time" -> "must be a time such as 10:00, got '" + text + "'";
        default -> "must be an ISO-8601 instant such as 2026-12-03T10:00:00Z, got '" + text + "'";
      }));
      return null;
    }
  }

  private static boolean matches(String pattern, String text) {
    try {
      return Pattern.compile(pattern).matcher(text).matches();
    } catch (PatternSyntaxException e) {
      throw new IllegalStateException("the form's pattern '" + pattern + "' is not a regular expression", e);
    }
  }

  /** True when the field's {@code conditional.hide} FEEL expression holds for the submitted values. */
  boolean hidden(Field field, Map<String, Object> submitted) {
    if (field.hide() == null || field.hide().isBlank()) {
      return false;
    }
    String expression = field.hide().startsWith("=") ? field.hide().substring(1) : field.hide();
    var context = Variables.createVariables();
    // every field of the form is a variable of the condition, null when not submitted, as in the form's own viewer
    keys().forEach(key -> context.putValue(key, submitted.get(key)));
    submitted.forEach(context::putValue);
    try {
      return Boolean.TRUE.equals(Feel.engine().evaluateSimpleExpression(expression, context.asVariableContext()));
    } catch (RuntimeException e) {
      throw new IllegalStateException("the condition '" + field.hide() + "' of the form field '" + field.key()
          + "' cannot be evaluated: " + e.getMessage(), e);
    }
  }

  /** One FEEL engine for the forms' conditions, built on first use (building one takes a while). */
  private static final class Feel {
    private static volatile FeelEngine engine;

    static FeelEngine engine() {
      FeelEngine built = engine;
      if (built == null) {
        synchronized (Feel.class) {
          if (engine == null) {
            engine = new ScalaFeelEngineFactory().createInstance();
          }
          built = engine;
        }
      }
      return built;
    }
  }
}
