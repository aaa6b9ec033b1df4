package org.relman.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.relman.security.RoleMatrixTest;
import org.relman.security.WebhookSignatures;
import org.relman.shared.Db;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/**
 * Every operation of the OpenAPI document relman serves, called by someone allowed to call it (a release manager, or a
 * signed delivery for the webhooks), with input generated from its documented schemas: malformed JSON, a wrong type
 * for each body field, absurd path ids and absurd query values. Each answer must be a 4xx problem detail (never a 5xx)
 * and must write nothing: the row counts of every application table and of the engine's runtime tables and process
 * instances are the same after the call as before. A new endpoint is covered the day it is documented.
 */
class RobustnessTest extends RelmanTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Bodies that are no JSON object a request could be bound from. */
  private static final List<String> MALFORMED = List.of("{", "[]", "\"x\"", "null", "42", "{\"a\":", "{}}",
      "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}");

  /** Path ids no release, version, task, freeze, gate or environment has. */
  private static final List<String> ABSURD_IDS = List.of("-1", "0", "99999999999999999999", "abc", "%00", "a".repeat(300),
      "1.5", "%20", "null");

  /** One generated call. */
  record Case(String name, String method, String path, String body, boolean signed) {}

  private Instant started;

  @TestFactory
  Stream<DynamicNode> everyDocumentedOperationRefusesBadInputWithAProblemAndWritesNothing() {
    started = Instant.now();
    JsonNode docs = api(null).get("/v3/api-docs").json();
    Map<String, String> ids = fixture();
    Map<String, Boolean> webhooks = new LinkedHashMap<>();
    RoleMatrixTest.matrix().forEach(row -> webhooks.put(row.operation(), row.webhook()));
    List<DynamicNode> operations = new ArrayList<>();
    int total = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase();
        String operation = method + " " + path.getKey();
        assertThat(webhooks).as("the role matrix knows %s", operation).containsKey(operation);
        List<Case> cases = cases(docs, method, path.getKey(), op.getValue(), ids, webhooks.get(operation));
        total += cases.size();
        operations.add(DynamicContainer.dynamicContainer(operation + " (" + cases.size() + " cases)",
            cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)))));
      }
    }
    System.out.println("RobustnessTest: " + total + " generated cases over " + operations.size() + " operations");
    return operations.stream();
  }

  // ---------------------------------------------------------------------------------------------- generating cases

  private List<Case> cases(JsonNode docs, String method, String template, JsonNode op, Map<String, String> ids,
      boolean signed) {
    List<Case> cases = new ArrayList<>();
    List<JsonNode> pathParams = new ArrayList<>();
    List<JsonNode> queryParams = new ArrayList<>();
    op.path("parameters").forEach(p -> {
      if ("path".equals(p.path("in").asText())) {
        pathParams.add(p);
      } else if ("query".equals(p.path("in").asText())) {
        queryParams.add(p);
      }
    });
    String realPath = fill(template, ids, null, null);
    JsonNode bodySchema = resolve(docs, op.path("requestBody").path("content").path("application/json").path("schema"));
    String validish = bodySchema.isMissingNode() ? null : "{}";

    // absurd ids, one path parameter at a time, the others real
    for (JsonNode p : pathParams) {
      String name = p.path("name").asText();
      for (String absurd : ABSURD_IDS) {
        cases.add(new Case(name + "=" + shorten(absurd), method, fill(template, ids, name, absurd), validish, signed));
      }
    }
    // absurd query values, one parameter at a time
    for (JsonNode p : queryParams) {
      String name = p.path("name").asText();
      for (String query : absurdQueries(name, resolve(docs, p.path("schema")))) {
        cases.add(new Case("?" + shorten(query), method, realPath + "?" + query, validish, signed));
      }
    }
    if (bodySchema.isMissingNode()) {
      return cases;
    }
    for (String malformed : MALFORMED) {
      cases.add(new Case("body " + shorten(malformed), method, realPath, malformed, signed));
    }
    // a wrong type for each documented field, and for each field of a nested object
    wrongTypes(docs, bodySchema, "").forEach((field, body) -> cases.add(new Case("body " + field, method, realPath,
        body, signed)));
    return cases;
  }

  /** Field path → a body that gives that field (alone) a value of the wrong type. */
  private Map<String, String> wrongTypes(JsonNode docs, JsonNode schema, String prefix) {
    Map<String, String> bodies = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode fieldSchema = resolve(docs, field.getValue());
      String name = prefix + field.getKey();
      List<Object> wrong = wrongValues(fieldSchema);
      for (int i = 0; i < wrong.size(); i++) {
        bodies.put(name + " = " + describe(wrong.get(i)), nest(name, wrong.get(i)));
      }
      if ("object".equals(fieldSchema.path("type").asText()) && fieldSchema.has("properties")) {
        bodies.putAll(wrongTypes(docs, fieldSchema, name + "."));
      }
    }
    return bodies;
  }

  /** Values no field of this schema accepts. */
  private static List<Object> wrongValues(JsonNode schema) {
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
    List<Object> values = new ArrayList<>();
    switch (type) {
      case "string" -> {
        values.add(42);
        values.add(Map.of("a", 1));
        if (schema.has("enum")) {
          values.add("NOPE");
        }
        if ("date-time".equals(schema.path("format").asText())) {
          values.add("notadate");
          values.add("+1000000000-12-31T23:59:59Z");
        }
      }
      case "integer", "number" -> {
        values.add("abc");
        values.add(Map.of("a", 1));
        values.add(new java.math.BigDecimal("1e400"));
      }
      case "boolean" -> {
        values.add("yes");
        values.add(1);
      }
      case "array" -> {
        values.add("x");
        values.add(Map.of("a", 1));
      }
      case "object" -> {
        values.add("x");
        values.add(List.of(1));
      }
      default -> values.add(List.of(List.of()));
    }
    return values;
  }

  /** Query strings whose value for this parameter its schema refuses, the parameter given twice included. */
  private static List<String> absurdQueries(String name, JsonNode schema) {
    List<String> values = new ArrayList<>();
    String type = schema.path("type").asText();
    String valid = null;
    if (schema.has("enum")) {
      values.addAll(List.of("NOPE", "", "%00"));
      valid = schema.path("enum").get(0).asText();
    }
    if ("integer".equals(type) || "number".equals(type)) {
      values.addAll(List.of("99999999999", "-99999999999", "abc", "1.5", "%00", "1e3", "0x10"));
      if (schema.has("minimum")) {
        values.add(String.valueOf(schema.path("minimum").asLong() - 1));
      }
      if (schema.has("maximum")) {
        values.add(String.valueOf(schema.path("maximum").asLong() + 1));
        values.add("1000000");
      }
      valid = schema.has("minimum") ? schema.path("minimum").asText() : "1";
    }
    if ("date-time".equals(schema.path("format").asText())) {
      values.addAll(List.of("notadate", "%2B1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "1700000000000",
          "2026-13-45T99:00:00Z"));
      valid = "2026-12-03T10:00:00Z";
    }
    List<String> queries = new ArrayList<>(values.stream().filter(v -> !v.isEmpty()).map(v -> name + "=" + v).toList());
    if (valid != null) {
      queries.add(name + "=" + valid + "&" + name + "=" + valid);
    }
    return queries;
  }

  private static String nest(String field, Object value) {
    try {
      String[] parts = field.split("\\.");
      ObjectNode root = JSON.createObjectNode();
      ObjectNode at = root;
      for (int i = 0; i < parts.length - 1; i++) {
        at = at.putObject(parts[i]);
      }
      at.set(parts[parts.length - 1], JSON.valueToTree(value));
      // 1e400 as written: Jackson's tree would hold it as BigDecimal and write it out in full
      return JSON.writeValueAsString(root).replace("1E+400", "1e400");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(Object value) {
    try {
      return value instanceof java.math.BigDecimal ? "1e400" : shorten(JSON.writeValueAsString(value));
    } catch (Exception e) {
      return String.valueOf(value);
    }
  }

  private static JsonNode resolve(JsonNode docs, JsonNode schema) {
    if (schema.has("$ref")) {
      String name = schema.path("$ref").asText().replace("#/components/schemas/", "");
      return docs.path("components").path("schemas").path(name);
    }
    return schema;
  }

  private static String fill(String template, Map<String, String> ids, String absurdName, String absurd) {
    String path = template;
    for (String name : List.of("id", "version", "gate", "environment", "deploymentId")) {
      String value = name.equals(absurdName) ? absurd : ids.get(key(template, name));
      path = path.replace("{" + name + "}", value);
    }
    return path;
  }

  /** Which fixture a path parameter names: {id} is a task, a freeze or a release depending on the path. */
  private static String key(String template, String name) {
    if (!name.equals("id")) {
      return name;
    }
    return template.startsWith("/api/tasks/") ? "task" : template.startsWith("/api/freezes/") ? "freeze" : "release";
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 37) + "..." : text;
  }

  // ---------------------------------------------------------------------------------------------- calling and checking

  private Map<String, String> fixture() {
    long release = requestRelease("erin", version("robust"), repository(2));
    workers().run("collect-change-set", release);
    assertThat(reportGate(release, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(release, "tests", "PASSED").status()).isEqualTo(202);
    Api.Response freeze = api("alice").post("/api/freezes", Map.of("name", "Robustness freeze",
        "start", "2092-01-01T00:00:00Z", "end", "2092-01-02T00:00:00Z", "services", List.of("robust-" + System.nanoTime())));
    assertThat(freeze.status()).as("%s", freeze).isEqualTo(201);
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("release", String.valueOf(release));
    ids.put("version", release(release).path("version").asText());
    ids.put("task", task(release, "go-no-go").getId());
    ids.put("freeze", freeze.json().path("id").asText());
    ids.put("gate", "build");
    ids.put("environment", "staging");
    ids.put("deploymentId", "00000000-0000-0000-0000-000000000000");
    return ids;
  }

  private void check(Case c) {
    Map<String, Long> before = snapshot();
    Api.Response response = api(c.signed() ? null : "alice").send(request(c));
    assertThat(response.status()).as("%s %s %s: %s", c.method(), c.path(), c.name(), response).isBetween(400, 499);
    assertThat(response.contentType()).as("%s %s: %s", c.method(), c.path(), response)
        .startsWith("application/problem+json");
    assertThat(response.json().path("status").asInt()).as("%s", response).isEqualTo(response.status());
    assertThat(response.json().path("detail").asText()).as("%s", response).isNotBlank();
    assertThat(snapshot()).as("%s %s %s wrote nothing", c.method(), c.path(), c.name()).isEqualTo(before);
  }

  private HttpRequest.Builder request(Case c) {
    HttpRequest.Builder request;
    byte[] body = c.body() == null ? new byte[0] : c.body().getBytes(StandardCharsets.UTF_8);
    if (c.signed()) {
      long now = System.currentTimeMillis() / 1000;
      String path = c.path().contains("?") ? c.path().substring(0, c.path().indexOf('?')) : c.path();
      request = HttpRequest.newBuilder(URI.create(api(null).base() + c.path()))
          .header(WebhookSignatures.TIMESTAMP, String.valueOf(now))
          .header(WebhookSignatures.SIGNATURE, signatures.sign(now, path, body));
    } else {
      request = api("alice").request(c.path());
    }
    if (c.body() == null) {
      return c.method().equals("GET") ? request.GET() : request.method(c.method(), HttpRequest.BodyPublishers.noBody());
    }
    return request.header("Content-Type", "application/json").method(c.method(), HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * Row counts of every application table, the engine's runtime tables (but its meter log, which the engine's metrics
   * reporter writes on a timer) and its historic process instances. Webhook signatures count from this test's start:
   * older ones are forgotten on a timer.
   */
  private Map<String, Long> snapshot() {
    Map<String, Long> counts = new LinkedHashMap<>();
    List<String> tables = jdbc.queryForList("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", String.class);
    for (String table : tables) {
      String upper = table.toUpperCase();
      if (upper.equals("WEBHOOK_DELIVERIES")) {
        counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM webhook_deliveries WHERE received_at >= ?", Long.class,
            Db.param(started.minusSeconds(1))));
      } else if (!upper.startsWith("ACT_") || upper.startsWith("ACT_RU_") && !upper.contains("METER_LOG")
          || upper.equals("ACT_HI_PROCINST")) {
        counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM \"" + table + "\"", Long.class));
      }
    }
    return counts;
  }
}
