package org.relman.notes;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.change.Changes;
import org.relman.deploy.Deployments;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.http.Formats;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.relman.shared.NotFound;
import org.relman.shared.InvalidInput;

@RestController
@Tag(name = "Release notes", description = "Release notes in Markdown, drafted from the change set, frozen at the end")
class ReleaseNotesController {

  /** Says whether the notes can still change ({@code draft}) or were frozen when the release ended ({@code final}). */
  static final String STATE_HEADER = "Relman-Notes-State";

  private static final MediaType MARKDOWN_UTF8 = new MediaType(Formats.MARKDOWN, StandardCharsets.UTF_8);

  private final Releases releases;
  private final Changes changes;
  private final Deployments deployments;
  private final FinalNotes finalNotes;
  private final IssueLinks issues;

  ReleaseNotesController(Releases releases, Changes changes, Deployments deployments, FinalNotes finalNotes,
      IssueLinks issues) {
    this.issues = issues;
    this.releases = releases;
    this.changes = changes;
    this.deployments = deployments;
    this.finalNotes = finalNotes;
  }

  @GetMapping("/api/releases/{id}/notes")
  @Operation(summary = "Release notes (text/markdown)",
      description = "audience: engineering (default, every change with its author) or customer (without chore, refactor,"
          + " test, ci, build and style changes, and without authors). A draft while the release runs; frozen when it"
          + " ends (header Relman-Notes-State: draft | final).")
  ResponseEntity<String> notes(@PathVariable long id, @RequestParam(required = false) String audience,
      @RequestHeader(value = "Accept", required = false) String accept) {
    Audience who = audience == null ? Audience.ENGINEERING : Audience.of(audience).orElseThrow(() ->
        InvalidInput.of("audience", "'" + audience + "' is not one of " + String.join(", ", Audience.labels())));
    Release release = releases.find(id).orElseThrow(() -> new NotFound("Release " + id + " does not exist"));
    Formats.choose(accept, List.of(Formats.MARKDOWN));
    var frozen = finalNotes.find(id, who);
    String markdown = frozen.map(FinalNotes.Frozen::markdown)
        .orElseGet(() -> ReleaseNotes.render(release, changes.list(id), deployments.list(id), who, issues));
    return ResponseEntity.ok().contentType(MARKDOWN_UTF8)
        .header(STATE_HEADER, frozen.isPresent() ? "final" : "draft")
        .body(markdown);
  }
}
