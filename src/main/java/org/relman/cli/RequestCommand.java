package org.relman.cli;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code relman request}: {@code POST /api/releases}. Prints the new release's id on standard output, so a script can
 * keep it ({@code ID=$(relman request ...)}); {@code --output json} prints the whole release view instead.
 */
final class RequestCommand {

  static final Set<String> OPTIONS = Set.of("version", "name", "service", "repository", "from", "to", "planned-start",
      "hotfix", "rollback-plan", "fact", "output");

  private RequestCommand() {}

  static int run(Relman.Context context) {
    Args args = context.args();
    Map<String, Object> body = new LinkedHashMap<>();
    String version = args.required("version", "the release's version, e.g. 2026.12.0");
    if (!ReleaseRef.VERSION.matcher(version).matches()) {
      throw Exit.USAGE.fail("--version must match [A-Za-z0-9._-]{1,64}, got '" + version + "'");
    }
    body.put("version", version);
    if (args.one("name") != null) {
      body.put("name", args.one("name"));
    }
    List<String> services = new ArrayList<>();
    for (String value : args.all("service")) {
      for (String service : value.split(",")) {
        if (!service.isBlank()) {
          services.add(service.strip());
        }
      }
    }
    if (services.isEmpty()) {
      throw Exit.USAGE.fail("--service is required: the services the release ships (repeat it, or separate with commas)");
    }
    body.put("services", services);
    body.put("plannedStart", plannedStart(args.one("planned-start"), context.clock()).toString());
    Map<String, Object> repository = new LinkedHashMap<>();
    repository.put("url", args.required("repository", "the git repository's URL (or path on relman's host)"));
    repository.put("fromRef", args.required("from", "the previous release's ref, e.g. v2026.11.0"));
    repository.put("toRef", args.required("to", "the ref to ship, e.g. main or a commit sha"));
    body.put("repository", repository);
    body.put("hotfix", args.flag("hotfix"));
    if (args.one("rollback-plan") != null) {
      body.put("rollbackPlan", args.one("rollback-plan"));
    }
    Map<String, Object> facts = facts(args.all("fact"));
    if (!facts.isEmpty()) {
      body.put("facts", facts);
    }
    String output = Relman.output(args);

    Client.Response created = Client.expectOk(context.client().post("/api/releases", body), "requesting release " + version);
    Object view = created.json();
    String id = Json.text(view, "id");
    context.err().println("Requested release " + version + ": id " + id + ", status " + Json.text(view, "status"));
    context.out().println(output.equals("json") ? created.body() : id);
    return Exit.OK.code;
  }

  /** An ISO-8601 instant, or {@code now} (the default): the release deploys as soon as it is approved. */
  private static Instant plannedStart(String value, Clock clock) {
    if (value == null || value.equalsIgnoreCase("now")) {
      return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw Exit.USAGE.fail("--planned-start must be an ISO-8601 instant such as 2026-12-03T10:00:00Z, or now; got '"
          + value + "'");
    }
  }

  /** {@code name=value} pairs; a value that reads as a number or a boolean is sent as one. */
  private static Map<String, Object> facts(List<String> pairs) {
    Map<String, Object> facts = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw Exit.USAGE.fail("--fact must be name=value, got '" + pair + "'");
      }
      String value = pair.substring(eq + 1).strip();
      Object typed = value;
      if (value.equals("true") || value.equals("false")) {
        typed = Boolean.valueOf(value);
      } else if (value.matches("-?\\d+(\\.\\d+)?")) {
        typed = new BigDecimal(value);
      }
      facts.put(pair.substring(0, eq).strip(), typed);
    }
    return facts;
  }
}
