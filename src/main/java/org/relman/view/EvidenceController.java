package org.relman.view;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.http.Formats;
import org.relman.notes.IssueLinks;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Evidence", description = "Everything an auditor asks about a release, in one audited export")
class EvidenceController {

  private static final List<MediaType> OFFERED = List.of(MediaType.APPLICATION_JSON, Formats.MARKDOWN);

  private final EvidenceBundles bundles;
  private final ObjectMapper json;
  private final IssueLinks issues;

  private final String publicUrl;

  EvidenceController(EvidenceBundles bundles, ObjectMapper json, IssueLinks issues,
      org.relman.RelmanProperties properties) {
    this.publicUrl = properties.publicUrl();
    this.bundles = bundles;
    this.json = json;
    this.issues = issues;
  }

  @GetMapping("/api/releases/{id}/evidence")
  @Operation(summary = "Export a release's evidence bundle (auditors, release managers)",
      description = "JSON (default) or, with Accept: text/markdown, the same bundle as a Markdown document. Every export"
          + " is recorded in the audit trail (evidence.exported); auditHead is the chain head right after that event."
          + " 404 unknown release, 406 any other Accept.")
  ResponseEntity<?> evidence(@PathVariable long id, @RequestHeader(value = "Accept", required = false) String accept,
      Principal user) {
    MediaType format = Formats.choose(accept, OFFERED);
    boolean markdown = format.equals(Formats.MARKDOWN);
    EvidenceBundle bundle = bundles.export(id, user.getName(), markdown ? "markdown" : "json");
    if (markdown) {
      return ResponseEntity.ok().contentType(new MediaType(Formats.MARKDOWN, StandardCharsets.UTF_8))
          .body(EvidenceMarkdown.render(bundle, json, issues, page(id)));
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(bundle);
  }

  /** The release's page: relman.public-url, else the address this request came to. */
  private String page(long id) {
    String base = publicUrl != null && !publicUrl.isBlank() ? publicUrl
        : org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath().build()
            .toUriString();
    return base.replaceAll("/+$", "") + "/releases/" + id;
  }

  /**
   * The same export for relman's pages (session login; auditors and release managers, SecurityConfig), as a download:
   * {@code /releases/{id}/evidence/json} or {@code .../markdown}. The release page links here.
   */
  @GetMapping("/releases/{id}/evidence/{format}")
  ResponseEntity<?> download(@PathVariable long id, @PathVariable String format, Principal user) {
    String accept = switch (format) {
      case "json" -> MediaType.APPLICATION_JSON_VALUE;
      case "markdown" -> Formats.MARKDOWN.toString();
      default -> throw org.relman.shared.InvalidInput.of("format", "must be json or markdown");
    };
    ResponseEntity<?> answer = evidence(id, accept, user);
    return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
        .header("Content-Disposition", "attachment; filename=\"release-" + id + "-evidence."
            + ("json".equals(format) ? "json" : "md") + "\"")
        .body(answer.getBody());
  }
}
