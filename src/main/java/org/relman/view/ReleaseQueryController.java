package org.relman.view;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.relman.http.QueryParameters;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.release.ReleaseStatus;
import org.relman.release.Releases;
import org.relman.shared.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Releases", description = "Request, find, follow and cancel releases")
class ReleaseQueryController {

  private static final int MAX_PAGE_SIZE = 100;
  /** A version as a release request must name it (API.md); nothing else can match. */
  private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
  @Operation(summary = "List releases", description = "Filters: status, service, version (exact match: at most one"
      + " release), planned start in [from, to). Pages count from 0; size 1 to 100 (default 20). Newest planned start"
      + " first.")
  Page list(
      @RequestParam(name = "status", required = false) @Parameter(schema = @Schema(implementation = ReleaseStatus.class))
      String statusText,
      @RequestParam(required = false) String service,
      @RequestParam(name = "version", required = false) @Parameter(description = "exact version, [A-Za-z0-9._-]{1,64}",
          schema = @Schema(type = "string", pattern = "[A-Za-z0-9._-]{1,64}")) String versionText,
      @RequestParam(name = "from", required = false) @Parameter(schema = @Schema(type = "string", format = "date-time"))
      String fromText,
      @RequestParam(name = "to", required = false) @Parameter(schema = @Schema(type = "string", format = "date-time"))
      String toText,
      @RequestParam(name = "page", required = false) @Parameter(schema = @Schema(type = "integer", format = "int32",
          minimum = "0", defaultValue = "0")) String pageText,
      @RequestParam(name = "size", required = false) @Parameter(schema = @Schema(type = "integer", format = "int32",
          minimum = "1", maximum = "100", defaultValue = "20")) String sizeText) {
    QueryParameters query = new QueryParameters();
    ReleaseStatus status = query.oneOf("status", statusText, ReleaseStatus.class);
    Instant from = query.instant("from", fromText);
    Instant to = query.instant("to", toText);
    Integer page = query.integer("page", pageText, 0, Integer.MAX_VALUE, 0);
    Integer size = query.integer("size", sizeText, 1, MAX_PAGE_SIZE, 20);
    String version = null;
    if (versionText != null && !versionText.isEmpty()) {
      if (VERSION.matcher(versionText).matches()) {
        version = versionText;
      } else {
        query.problem("version", "must match [A-Za-z0-9._-]{1,64}, as a release's version does");
      }
    }
    if (from != null && to != null && !from.isBefore(to)) {
      query.problem("to", "must be after from");
    }
    query.check();
    var result = releases.search(new Releases.Criteria(status, service, from, to, page, size, version));
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
