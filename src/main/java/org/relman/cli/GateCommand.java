package org.relman.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code relman gate}: reports a gate's result on the signed webhook ({@code POST .../gates/<gate>}), by release id or
 * by version. Needs the webhook secret, no API credentials.
 */
final class GateCommand {

  /** {@code --link} is the report's {@code url} (the CI run): {@code --url} is relman's own address. */
  static final Set<String> OPTIONS = Set.of("release", "version", "gate", "status", "summary", "link", "tests-total",
      "tests-failed", "coverage");

  private GateCommand() {}

  static int run(Relman.Context context) {
    Args args = context.args();
    ReleaseRef release = ReleaseRef.of(args);
    String gate = args.required("gate", "the gate's name, e.g. build");
    String status = args.required("status", "PASSED or FAILED").toUpperCase(Locale.ROOT);
    if (!status.equals("PASSED") && !status.equals("FAILED")) {
      throw Exit.USAGE.fail("--status must be PASSED or FAILED, got '" + args.one("status") + "'");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    if (args.one("summary") != null) {
      body.put("summary", args.one("summary"));
    }
    if (args.one("link") != null) {
      body.put("url", args.one("link"));
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    Long total = args.number("tests-total", 0);
    Long failed = args.number("tests-failed", 0);
    if (total != null) {
      metrics.put("testsTotal", total);
    }
    if (failed != null) {
      metrics.put("testsFailed", failed);
    }
    if (args.one("coverage") != null) {
      metrics.put("coverage", coverage(args.one("coverage")));
    }
    if (!metrics.isEmpty()) {
      body.put("metrics", metrics);
    }

    String path = release.webhookPath("gates/" + gate);
    Client.Response answer = Client.expectOk(context.client().signedPost(context.client().uri(path), body),
        "reporting gate " + gate + " of " + release);
    boolean waiting = Boolean.TRUE.equals(Json.path(answer.json(), "releaseWaiting"));
    context.err().println("Reported gate " + gate + " " + status + " for " + release + " (id "
        + Json.text(answer.json(), "release") + "): " + (waiting ? "the release was waiting for it"
        : "kept until the release waits for its gates"));
    return Exit.OK.code;
  }

  /** A percentage, 0 to 100 ({@code 81.5}, or {@code 81.5%}). */
  private static BigDecimal coverage(String value) {
    try {
      BigDecimal coverage = new BigDecimal(value.strip().replaceAll("%$", ""));
      if (coverage.signum() >= 0 && coverage.compareTo(BigDecimal.valueOf(100)) <= 0) {
        return coverage;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw Exit.USAGE.fail("--coverage must be a percentage from 0 to 100 (81.5, not 0.815), got '" + value + "'");
  }
}
