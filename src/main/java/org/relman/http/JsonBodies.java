package org.relman.http;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import org.relman.shared.InvalidInput;
import org.relman.shared.FieldProblem;

/**
 * Reads a JSON body that had to be taken as raw bytes (signed webhooks) with the same rules as every other body:
 * unknown fields and wrong types are refused, Bean Validation constraints apply, problems name their field.
 */
@Component
public class JsonBodies {

  private final ObjectMapper json;
  private final Validator validator;

  JsonBodies(ObjectMapper json, Validator validator) {
    this.json = json;
    this.validator = validator;
  }

  public <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw InvalidInput.of("body", "is missing: send a JSON object");
    }
    T value;
    try {
      value = json.readValue(body, type);
    } catch (IOException e) {
      List<FieldProblem> problems = ProblemDetailsAdvice.bodyProblems(e);
      throw new InvalidInput(problems.isEmpty() ? List.of(new FieldProblem("body", "is not valid JSON")) : problems);
    }
    if (value == null) {
      throw InvalidInput.of("body", "must be a JSON object, not null");
    }
    List<FieldProblem> problems = validator.validate(value).stream()
        .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
        .sorted(Comparator.comparing(FieldProblem::field))
        .toList();
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return value;
  }
}
