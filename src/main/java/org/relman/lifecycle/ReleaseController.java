package org.relman.lifecycle;

import java.net.URI;
import java.security.Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.http.JsonBodies;
import org.relman.process.EngineRetries;
import org.relman.release.Release;
import org.relman.view.ReleaseView;
import org.relman.view.ReleaseViews;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Releases", description = "Request, find, follow and cancel releases")
class ReleaseController {

  private final ReleaseService service;
  private final ReleaseViews views;
  private final EngineRetries retries;
  private final JsonBodies bodies;

  ReleaseController(ReleaseService service, ReleaseViews views, EngineRetries retries, JsonBodies bodies) {
    this.service = service;
    this.views = views;
    this.retries = retries;
    this.bodies = bodies;
  }

  @PostMapping(path = "/api/releases", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Request a release (engineers, release managers)",
      description = "Checks the request completely (a local repository and its refs included) before anything is"
          + " stored, then starts the release lifecycle. 400 names every invalid field; 409 the version exists.")
  ResponseEntity<ReleaseView> request(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(schema = @Schema(implementation = ReleaseRequest.class)))
      @RequestBody(required = false) byte[] body, Principal user) {
    ReleaseRequest request = bodies.read(body, ReleaseRequest.class, service::problems);
    Release release = service.request(request, user.getName());
    return ResponseEntity.created(URI.create("/api/releases/" + release.id())).body(views.of(release));
  }

  @PostMapping(path = "/api/releases/{id}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Cancel a release (release managers)",
      description = "Possible until deployment to the last environment (production) has started. 409 afterwards or"
          + " once the release has ended.")
  ResponseEntity<ReleaseView> cancel(@PathVariable long id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(schema = @Schema(implementation = CancelRequest.class)))
      @RequestBody(required = false) byte[] body, Principal user) {
    CancelRequest request = bodies.read(body, CancelRequest.class);
    Release release = retries.onConflict(() -> service.cancel(id, request.reason(), user.getName()));
    return ResponseEntity.accepted().body(views.of(release));
  }
}
