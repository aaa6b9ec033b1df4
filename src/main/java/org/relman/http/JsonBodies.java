package org.relman.http;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.Validator;
import org.relman.shared.FieldProblem;
import org.relman.shared.InvalidInput;
import org.springframework.stereotype.Component;

/**
 * Reads a JSON request body so that one answer names every bad field: the body is parsed as a tree first, each field
 * is read on its own with the application's strict rules (unknown fields and wrong types refused), the fields that
 * could be read are bound, then Bean Validation and the endpoint's own checks run on the result. A field that could not
 * be read is not also reported as missing. Binding straight into the record would stop at the first field Jackson
 * cannot read and hide the others.
 */
@Component
public class JsonBodies {

  private final ObjectMapper json;
  private final Validator validator;

  JsonBodies(ObjectMapper json, Validator validator) {
    this.json = json;
    this.validator = validator;
  }

  /** A body taken as raw bytes, as every JSON endpoint takes it (signed webhooks need the bytes anyway). */
  public <T> T read(byte[] body, Class<T> type) {
    return read(body, type, value -> List.of());
  }

  /** A body taken as raw bytes, with the endpoint's own checks, which must tolerate null fields (unread or absent). */
  public <T> T read(byte[] body, Class<T> type, Function<T, List<FieldProblem>> checks) {
    if (body == null || body.length == 0) {
      throw InvalidInput.of("body", "is missing: send a JSON object");
    }
    JsonNode tree;
    try {
      // floats as BigDecimal: 1e400 is a number out of range, not Infinity that fails later on the way to BigDecimal
      tree = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(body);
    } catch (IOException e) {
      throw new InvalidInput(malformed(e));
    }
    return bind(tree, type, checks);
  }

  /**
   * Binds {@code body} to {@code type} (a record), or throws one {@link InvalidInput} naming every problem: fields of
   * the wrong type or unknown, Bean Validation constraints, and what {@code checks} finds on the bound value.
   */
  private <T> T bind(JsonNode body, Class<T> type, Function<T, List<FieldProblem>> checks) {
    if (body == null || body.isMissingNode() || body.isNull()) {
      throw InvalidInput.of("body", "is missing: send a JSON object");
    }
    if (!body.isObject()) {
      throw InvalidInput.of("body", "must be a JSON object, not " + kind(body));
    }
    List<FieldProblem> unreadable = new ArrayList<>();
    ObjectNode readable = readable(type, (ObjectNode) body, "", unreadable);
    T value;
    try {
      value = json.treeToValue(readable, type);
    } catch (IOException | RuntimeException e) {
      // every field was read on its own above; what is left is about the object as a whole
      throw new InvalidInput(merge(unreadable, List.of(new FieldProblem("body", message(e, type)))));
    }
    List<FieldProblem> later = new ArrayList<>();
    validator.validate(value).forEach(v -> later.add(new FieldProblem(field(v.getPropertyPath().toString()), v.getMessage())));
    later.addAll(checks.apply(value));
    List<FieldProblem> problems = merge(unreadable, later);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return value;
  }

  /** The fields of {@code given} that {@code type} knows and that read as their type; the others become problems. */
  private ObjectNode readable(Class<?> type, ObjectNode given, String prefix, List<FieldProblem> problems) {
    if (!type.isRecord()) {
      return given;
    }
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      components.put(component.getName(), component);
    }
    ObjectNode readable = json.createObjectNode();
    given.properties().forEach(property -> {
      String name = property.getKey();
      String path = prefix + name;
      RecordComponent component = components.get(name);
      if (component == null) {
        problems.add(new FieldProblem(path, "is not a known field"));
        return;
      }
      JsonNode value = property.getValue();
      if (component.getType().isRecord() && value.isObject()) {
        readable.set(name, readable(component.getType(), (ObjectNode) value, path + ".", problems));
        return;
      }
      try {
        json.readerFor(json.constructType(component.getGenericType())).readValue(json.treeAsTokens(value));
        readable.set(name, value);
      } catch (IOException | RuntimeException e) {
        problems.add(new FieldProblem(path + relativePath(e), message(e, component.getType())));
      }
    });
    return readable;
  }

  /**
   * The unreadable fields and the later problems, sorted by field; a later problem about a field that could not be read
   * (or inside it) is left out: "is required" would be wrong about a field that was given.
   */
  private static List<FieldProblem> merge(List<FieldProblem> unreadable, List<FieldProblem> later) {
    List<FieldProblem> problems = new ArrayList<>(unreadable);
    for (FieldProblem problem : later) {
      if (unreadable.stream().noneMatch(u -> within(problem.field(), u.field()))) {
        problems.add(problem);
      }
    }
    problems.sort(Comparator.comparing(FieldProblem::field));
    return problems.stream().distinct().toList();
  }

  private static boolean within(String field, String unreadable) {
    String root = unreadable.replaceAll("\\[\\d+]$", "");
    return field.equals(unreadable) || field.equals(root) || field.startsWith(root + ".") || field.startsWith(root + "[");
  }

  /** Bean Validation's path of a container element ({@code services[1].<list element>}) as the JSON names it. */
  private static String field(String propertyPath) {
    return propertyPath.replaceAll("\\.<[^>]+>", "");
  }

  private static String relativePath(Exception e) {
    if (!(e instanceof JsonMappingException m)) {
      return "";
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      path.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
    }
    return path.toString();
  }

  private static String message(Exception e, Class<?> declared) {
    if (e instanceof InvalidFormatException f && f.getOriginalMessage() != null
        && f.getOriginalMessage().contains("out of range")) {
      return "'" + f.getValue() + "' is out of range: " + StrictJson.RANGE;
    }
    if (e instanceof InvalidFormatException f) {
      return "'" + f.getValue() + "' is not " + ProblemDetailsAdvice.describeType(f.getTargetType());
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
      return "is not a known field";
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
      return "must be " + ProblemDetailsAdvice.describeType(m.getTargetType());
    }
    if (e instanceof com.fasterxml.jackson.core.exc.InputCoercionException) {
      return "is out of range: must be " + ProblemDetailsAdvice.describeType(declared) + " that fits";
    }
    return "must be " + ProblemDetailsAdvice.describeType(declared);
  }

  private static List<FieldProblem> malformed(IOException e) {
    if (e instanceof JsonProcessingException p && p.getLocation() != null) {
      String reason = p.getOriginalMessage() == null ? "" : ": " + p.getOriginalMessage().lines().findFirst().orElse("")
          .replaceAll(" ?\\(start marker at .*$", "");
      return List.of(new FieldProblem("body", "malformed JSON at line " + p.getLocation().getLineNr() + ", column "
          + p.getLocation().getColumnNr() + reason));
    }
    return List.of(new FieldProblem("body", "is not valid JSON"));
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
