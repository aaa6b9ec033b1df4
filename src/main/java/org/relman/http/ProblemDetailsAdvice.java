package org.relman.http;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.relman.shared.NotAuthenticated;
import org.relman.shared.NotFound;
import org.relman.shared.NotPermitted;
import org.relman.shared.Refusal;
import org.relman.shared.StateConflict;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.relman.shared.FieldProblem;

/** The one place that turns refusals into RFC 9457 problem details; validation problems name their field. */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  /** Each kind of refusal has its status and title; a refusal about input names its fields. */
  @ExceptionHandler(Refusal.class)
  ResponseEntity<ProblemDetail> refusal(Refusal e) {
    HttpStatus status = status(e);
    // a body that is no JSON object at all reads as such, whichever way it was read (JsonBodies or Spring's binding)
    String title = !e.problems().isEmpty() && e.problems().stream().allMatch(p -> p.field().equals("body"))
        ? "Unreadable request body" : title(status);
    return ResponseEntity.status(status).body(problem(status, title, e.getMessage(), e.problems()));
  }

  public static HttpStatus status(Refusal e) {
    if (e instanceof NotFound) {
      return HttpStatus.NOT_FOUND;
    }
    if (e instanceof StateConflict) {
      return HttpStatus.CONFLICT;
    }
    if (e instanceof NotPermitted) {
      return HttpStatus.FORBIDDEN;
    }
    if (e instanceof NotAuthenticated) {
      return HttpStatus.UNAUTHORIZED;
    }
    return HttpStatus.BAD_REQUEST;
  }

  private static String title(HttpStatus status) {
    return switch (status) {
      case NOT_FOUND -> "Not found";
      case CONFLICT -> "Not allowed in the current state";
      case FORBIDDEN -> "Forbidden";
      case UNAUTHORIZED -> "Unauthorized";
      default -> "Invalid request";
    };
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    String expected = e.getRequiredType() == null ? "another type" : describeType(e.getRequiredType());
    var errors = List.of(new FieldProblem(e.getName(), "'" + e.getValue() + "' is not " + expected));
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request", FieldProblem.describe(errors), errors));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> errors = new ArrayList<>();
    e.getBindingResult().getFieldErrors().forEach(f -> errors.add(new FieldProblem(f.getField(), f.getDefaultMessage())));
    e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(new FieldProblem(g.getObjectName(), g.getDefaultMessage())));
    errors.sort(java.util.Comparator.comparing(FieldProblem::field));
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request", FieldProblem.describe(errors), errors));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> errors = bodyProblems(e.getCause());
    String detail = errors.isEmpty() ? "The request body is missing or is not valid JSON" : FieldProblem.describe(errors);
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Unreadable request body", detail, errors));
  }

  /** Names the JSON field a mapping problem is about, or says where the JSON is malformed. */
  public static List<FieldProblem> bodyProblems(@Nullable Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException u) {
      return List.of(new FieldProblem(path(u), "is not a known field"));
    }
    if (cause instanceof InvalidFormatException f) {
      return List.of(new FieldProblem(path(f), "'" + f.getValue() + "' is not " + describeType(f.getTargetType())));
    }
    if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      return List.of(new FieldProblem(path(m), "must be " + describeType(m.getTargetType())));
    }
    if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      Throwable root = m.getCause() == null ? m : m.getCause();
      return List.of(new FieldProblem(path(m), root.getMessage() == null ? "is invalid" : firstLine(root.getMessage())));
    }
    if (cause instanceof JsonProcessingException p) {
      var location = p.getLocation();
      String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      return List.of(new FieldProblem("body", "malformed JSON" + where));
    }
    return List.of();
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static String describeType(@Nullable Class<?> type) {
    if (type == null) {
      return "of the expected type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean (true or false)";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type == java.time.Instant.class) {
      return "an ISO-8601 instant such as 2026-12-03T10:00:00Z";
    }
    if (type == java.time.Duration.class) {
      return "an ISO-8601 duration such as PT15M";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  public static ProblemDetail problem(HttpStatusCode status, String title, String detail, List<FieldProblem> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return problem;
  }
}
