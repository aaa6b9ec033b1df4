package org.relman.audit;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.relman.shared.NotFound;

@RestController
@Tag(name = "Audit", description = "The hash-chained audit trail")
class AuditController {

  private final AuditLog log;
  private final AuditVerifier verifier;
  private final AuditSearch search;
  private final JdbcTemplate jdbc;

  AuditController(AuditLog log, AuditVerifier verifier, AuditSearch search, JdbcTemplate jdbc) {
    this.log = log;
    this.verifier = verifier;
    this.search = search;
    this.jdbc = jdbc;
  }

  @GetMapping("/api/audit")
  @Operation(summary = "Search the audit trail (auditors, release managers)", description = "Newest first, a page at a"
      + " time: {items, page, size, total}. release: a release's version, or its id when no release has that version"
      + " (none: no events); actor: exactly; action: exactly, or up to a dot (engine finds engine.task.claim). page from"
      + " 0, size 1-100 (default 50). Filters combine.")
  AuditSearch.Page search(@RequestParam(required = false) String release,
      @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
      @RequestParam(required = false) @Parameter(schema = @Schema(type = "integer", minimum = "0")) String page,
      @RequestParam(required = false) @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
      String size) {
    return search.search(release, actor, action, page, size);
  }

  @GetMapping("/api/releases/{id}/audit")
  @Operation(summary = "The audit events of a release, oldest first")
  List<AuditLog.Entry> release(@PathVariable long id) {
    Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM releases WHERE id = ?", Integer.class, id);
    if (exists == null || exists == 0) {
      throw new NotFound("Release " + id + " does not exist");
    }
    return log.forRelease(id);
  }

  @GetMapping("/api/audit/verify")
  @Operation(summary = "Recompute the whole hash chain (auditors, release managers)",
      description = "valid: every event fits its predecessor and the chain head; firstInvalidSeq names the first event"
          + " that was altered, removed or reordered.")
  AuditVerifier.Verification verify() {
    return verifier.verify();
  }
}
