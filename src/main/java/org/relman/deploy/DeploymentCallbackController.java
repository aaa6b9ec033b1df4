package org.relman.deploy;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Tag(name = "Deployments", description = "Webhook deploy targets report the outcome on an HMAC-signed callback")
class DeploymentCallbackController {

  private final WebhookSignatures signatures;
  private final JsonBodies bodies;
  private final DeploymentCallbacks callbacks;
  private final EngineRetries retries;
  private final Releases releases;

  DeploymentCallbackController(WebhookSignatures signatures, JsonBodies bodies, DeploymentCallbacks callbacks,
      EngineRetries retries, Releases releases) {
    this.signatures = signatures;
    this.bodies = bodies;
    this.callbacks = callbacks;
    this.retries = retries;
    this.releases = releases;
  }

  @PostMapping("/api/releases/{id}/deployments/{environment}")
  @Operation(summary = "Report the outcome of a webhook deployment (deploy target)", description = """
      Signed like the gate webhooks, with the environment's deploy.secret (relman.webhooks.secret when it has none). \
      The deploymentId is the one relman sent; a callback for a known, unfinished \
      deployment is accepted whenever it arrives, even before relman has finished sending. 401 bad, stale or replayed \
      signature; 404 unknown release; 409 unknown deploymentId, a command deployment, or a deployment that already \
      finished.""",
      parameters = {
          @Parameter(in = ParameterIn.HEADER, name = WebhookSignatures.TIMESTAMP, required = true),
          @Parameter(in = ParameterIn.HEADER, name = WebhookSignatures.SIGNATURE, required = true)})
  ResponseEntity<Map<String, Object>> report(@PathVariable long id, @PathVariable String environment,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
          schema = @Schema(implementation = DeploymentCallback.class)))
      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    String signature = signatures.verifyDeploymentCallback(request, body == null ? new byte[0] : body, environment);
    DeploymentCallback callback = bodies.read(body, DeploymentCallback.class);
    return accepted(id, environment, callback, signature);
  }

  @PostMapping("/api/releases/by-version/{version}/deployments/{environment}")
  @Operation(summary = "Report the outcome of a webhook deployment for the release of a version (deploy target)",
      description = """
      The same callback, naming the release by its version. Signed like the callback by id, over this path       (/api/releases/by-version/<version>/deployments/<environment>), with the environment's secret. 401 bad, stale or       replayed signature (checked first); 404 no release has this version; 409 unknown deploymentId, a command       deployment, or a deployment that already finished.""",
      parameters = {
          @Parameter(in = ParameterIn.HEADER, name = WebhookSignatures.TIMESTAMP, required = true),
          @Parameter(in = ParameterIn.HEADER, name = WebhookSignatures.SIGNATURE, required = true)})
  ResponseEntity<Map<String, Object>> reportByVersion(@PathVariable String version, @PathVariable String environment,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
          schema = @Schema(implementation = DeploymentCallback.class)))
      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    String signature = signatures.verifyDeploymentCallback(request, body == null ? new byte[0] : body, environment);
    DeploymentCallback callback = bodies.read(body, DeploymentCallback.class);
    long id = releases.findByVersion(version).map(Release::id)
        .orElseThrow(() -> new NotFound("No release has version '" + version + "'"));
    return accepted(id, environment, callback, signature);
  }

  private ResponseEntity<Map<String, Object>> accepted(long id, String environment, DeploymentCallback callback,
      String signature) {
    Deployment deployment = retries.onConflict(() -> callbacks.report(id, environment, callback, signature));
    return ResponseEntity.accepted().body(Map.of("release", id, "environment", environment,
        "deploymentId", deployment.deploymentId(), "status", deployment.status().name()));
  }
}
