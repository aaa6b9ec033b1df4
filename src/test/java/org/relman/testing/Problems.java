package org.relman.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on RFC 9457 problem details as API.md describes them. */
public final class Problems {

  private Problems() {}

  /** The answer is a problem detail with this status, a title and a detail. */
  public static JsonNode assertProblem(Api.Response response, int status) {
    assertThat(response.status()).as("status of %s", response).isEqualTo(status);
    assertThat(response.contentType()).as("content type of %s", response).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem).as("problem body of %s", response).isNotNull();
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }

  /** A 400 problem detail whose {@code errors} name each of {@code fields}. */
  public static JsonNode assertInvalid(Api.Response response, String... fields) {
    JsonNode problem = assertProblem(response, 400);
    assertThat(fields(response)).as("errors[].field of %s", response).isNotEmpty();
    if (fields.length > 0) {
      assertThat(fields(response)).as("errors[].field of %s", response).contains(fields);
    }
    return problem;
  }

  /** The fields named in {@code errors}. */
  public static List<String> fields(Api.Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  /** The message of the first error about {@code field}. */
  public static String message(Api.Response response, String field) {
    for (JsonNode error : response.json().path("errors")) {
      if (field.equals(error.path("field").asText())) {
        return error.path("message").asText();
      }
    }
    throw new AssertionError("no error about " + field + " in " + response);
  }
}
