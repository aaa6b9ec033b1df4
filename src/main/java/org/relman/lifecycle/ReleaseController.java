package org.relman.lifecycle;

import java.net.URI;
import java.security.Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.relman.process.EngineRetries;
import org.relman.release.Release;
import org.relman.view.ReleaseView;
import org.relman.view.ReleaseViews;
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

  ReleaseController(ReleaseService service, ReleaseViews views, EngineRetries retries) {
    this.service = service;
    this.views = views;
    this.retries = retries;
  }

  @PostMapping("/api/releases")
  @Operation(summary = "Request a release (engineers, release managers)",
      description = "Checks the request completely (a local repository and its refs included) before anything is"
          + " stored, then starts the release lifecycle. 400 names every invalid field; 409 the version exists.")
  ResponseEntity<ReleaseView> request(@Valid @RequestBody ReleaseRequest request, Principal user) {
    Release release = service.request(request, user.getName());
    return ResponseEntity.created(URI.create("/api/releases/" + release.id())).body(views.of(release));
  }

  @PostMapping("/api/releases/{id}/cancel")
  @Operation(summary = "Cancel a release (release managers)",
      description = "Possible until deployment to the last environment (production) has started. 409 afterwards or"
          + " once the release has ended.")
  ResponseEntity<ReleaseView> cancel(@PathVariable long id, @Valid @RequestBody CancelRequest request, Principal user) {
    Release release = retries.onConflict(() -> service.cancel(id, request.reason(), user.getName()));
    return ResponseEntity.accepted().body(views.of(release));
  }
}
