package org.relman.release;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.relman.process.EngineRetries;
import org.relman.shared.FieldProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.relman.shared.NotFound;
import org.relman.shared.InvalidInput;

@RestController
@Tag(name = "Releases", description = "Request, find, follow and cancel releases")
class ReleaseController {

  private static final int MAX_PAGE_SIZE = 100;

  private final ReleaseService service;
  private final Releases releases;
  private final ReleaseViews views;
  private final EngineRetries retries;

  ReleaseController(ReleaseService service, Releases releases, ReleaseViews views, EngineRetries retries) {
    this.service = service;
    this.releases = releases;
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

  /** One page of releases, newest planned start first. */
  record Page(List<ReleaseView> items, int page, int size, long total) {}

  @GetMapping("/api/releases")
  @Operation(summary = "List releases", description = "Filters: status, service, planned start in [from, to)."
      + " Pages count from 0; size 1 to 100 (default 20). Newest planned start first.")
  Page list(@RequestParam(required = false) ReleaseStatus status, @RequestParam(required = false) String service,
      @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
    if (page < 0) {
      throw InvalidInput.of("page", "must be 0 or more");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw InvalidInput.of("size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidInput(List.of(new FieldProblem("to", "must be after from")));
    }
    var result = releases.search(new Releases.Criteria(status, service, from, to, page, size));
    return new Page(result.items().stream().map(views::of).toList(), page, size, result.total());
  }

  @GetMapping("/api/releases/{id}")
  @Operation(summary = "Get a release: status, current steps, gates, approvals, deployments")
  ReleaseView get(@PathVariable long id) {
    return views.of(releases.find(id).orElseThrow(() -> new NotFound("Release " + id + " does not exist")));
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
