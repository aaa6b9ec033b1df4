package org.relman.gate;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.relman.http.JsonBodies;
import org.relman.process.EngineRetries;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.security.WebhookSignatures;
import org.relman.shared.NotFound;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Gates", description = "CI reports gate results on an HMAC-signed webhook")
class GateController {

  private final WebhookSignatures signatures;
  private final JsonBodies bodies;
  private final GateReports reports;
  private final EngineRetries retries;
  private final Releases releases;

  GateController(WebhookSignatures signatures, JsonBodies bodies, GateReports reports, EngineRetries retries,
      Releases releases) {
    this.signatures = signatures;
    this.bodies = bodies;
    this.reports = reports;
    this.retries = retries;
    this.releases = releases;
  }

  @PostMapping("/api/releases/{id}/gates/{gate}")
  @Operation(summary = "Report a gate result (CI)", description = """
      Signed with HMAC-SHA256: X-Relman-Signature: sha256=<hex of HMAC(secret, "<timestamp>.<path>.<raw body>")>, \
      X-Relman-Timestamp: unix seconds (at most 5 minutes off). The secret is relman.webhooks.gate-secret, or \
      relman.webhooks.secret when that is unset. A report that arrives before the release waits for its \
      gates is kept and counts then; a new report replaces the last. 401 bad, stale or replayed signature; 404 unknown \
      release or gate; 409 the release is past its gates.""",
      parameters = {
          @Parameter(in = ParameterIn.HEADER, name = WebhookSignatures.TIMESTAMP, required = true),
          @Parameter(in = ParameterIn.HEADER, name = WebhookSignatures.SIGNATURE, required = true)})
  ResponseEntity<Map<String, Object>> report(@PathVariable long id, @PathVariable String gate,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
          schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = GateReport.class)))
      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    String signature = signatures.verifyGateReport(request, body == null ? new byte[0] : body);
    GateReport report = bodies.read(body, GateReport.class, GateReports::problems);
    return accepted(id, gate, report, signature);
  }

  @PostMapping("/api/releases/by-version/{version}/gates/{gate}")
  @Operation(summary = "Report a gate result for the release of a version (CI)", description = """
      The same report, naming the release by its version, as a CI job that built it knows it. Signed like the report       by id, over this path (/api/releases/by-version/<version>/gates/<gate>), with the same secret. 401 bad, stale or       replayed signature (checked first); 404 no release has this version, or unknown gate; 409 the release is past       its gates.""",
      parameters = {
          @Parameter(in = ParameterIn.HEADER, name = WebhookSignatures.TIMESTAMP, required = true),
          @Parameter(in = ParameterIn.HEADER, name = WebhookSignatures.SIGNATURE, required = true)})
  ResponseEntity<Map<String, Object>> reportByVersion(@PathVariable String version, @PathVariable String gate,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
          schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = GateReport.class)))
      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    String signature = signatures.verifyGateReport(request, body == null ? new byte[0] : body);
    GateReport report = bodies.read(body, GateReport.class, GateReports::problems);
    long id = releases.findByVersion(version).map(Release::id)
        .orElseThrow(() -> new NotFound("No release has version '" + version + "'"));
    return accepted(id, gate, report, signature);
  }

  private ResponseEntity<Map<String, Object>> accepted(long id, String gate, GateReport report, String signature) {
    boolean waiting = retries.onConflict(() -> reports.report(id, gate, report, signature));
    return ResponseEntity.accepted().body(Map.of("release", id, "gate", gate, "status", report.status().name(),
        "releaseWaiting", waiting));
  }
}
