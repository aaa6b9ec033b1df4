package org.relman.web;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

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
      throw ApiException.invalid("body", "is missing: send a JSON object");
    }
    T value;
    try {
      value = json.readValue(body, type);
    } catch (IOException e) {
      List<FieldProblem> problems = ProblemDetailsAdvice.bodyProblems(e);
      throw ApiException.invalid(problems.isEmpty() ? List.of(new FieldProblem("body", "is not valid JSON")) : problems);
    }
    if (value == null) {
      throw ApiException.invalid("body", "must be a JSON object, not null");
    }
    List<FieldProblem> problems = validator.validate(value).stream()
        .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
        .sorted(Comparator.comparing(FieldProblem::field))
        .toList();
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return value;
  }
}
