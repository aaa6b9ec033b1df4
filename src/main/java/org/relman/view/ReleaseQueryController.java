package org.relman.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.release.ReleaseStatus;
import org.relman.release.Releases;
import org.relman.shared.FieldProblem;
import org.relman.shared.InvalidInput;
import org.relman.shared.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Releases", description = "Request, find, follow and cancel releases")
class ReleaseQueryController {

  private static final int MAX_PAGE_SIZE = 100;

  private final Releases releases;
  private final ReleaseViews views;
  private final ReleaseReader read;

  ReleaseQueryController(Releases releases, ReleaseViews views, ReleaseReader read) {
    this.releases = releases;
    this.views = views;
    this.read = read;
  }

  /** One page of releases, newest planned start first. */
  record Page(List<ReleaseView> items, int page, int size, long total) {}

  @GetMapping("/api/releases")
  @Operation(summary = "List releases", description = "Filters: status, service, planned start in [from, to)."
      + " Pages count from 0; size 1 to 100 (default 20). Newest planned start first.")
  Page list(@RequestParam(required = false) ReleaseStatus status, @RequestParam(required = false) String service,
      @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
    List<FieldProblem> problems = new ArrayList<>();
    if (page < 0) {
      problems.add(new FieldProblem("page", "must be 0 or more"));
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      problems.add(new FieldProblem("size", "must be between 1 and " + MAX_PAGE_SIZE));
    }
    if (from != null && to != null && !from.isBefore(to)) {
      problems.add(new FieldProblem("to", "must be after from"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    var result = releases.search(new Releases.Criteria(status, service, from, to, page, size));
    return new Page(result.items().stream().map(views::of).toList(), page, size, result.total());
  }

  @GetMapping("/api/releases/{id}")
  @Operation(summary = "Get a release: status, current steps, gates, approvals, deployments")
  ReleaseView get(@PathVariable long id) {
    return views.of(releases.find(id).orElseThrow(() -> new NotFound("Release " + id + " does not exist")));
  }

  @GetMapping(path = "/api/releases/{id}/deployments/{deploymentId}/output", produces = "text/plain;charset=UTF-8")
  @Operation(summary = "The whole output of a deploy or rollback command (or a webhook target's details)",
      description = "The release view and the evidence carry an excerpt; this is all of it (at most"
          + " relman.deploy.output-limit). 404 when the deployment is not one of the release's.")
  String output(@PathVariable long id, @PathVariable String deploymentId) {
    return read.output(id, deploymentId).orElseThrow(() -> new NotFound("Release " + id + " has no deployment "
        + deploymentId));
  }
}
