package org.relman.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.relman.audit.AuditSearch;
import org.relman.audit.AuditVerifier;
import org.relman.shared.InvalidInput;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit page, for auditors and release managers (the page security says so, as for {@code GET /api/audit} and
 * {@code /api/audit/verify}): the chain verified on request, and the trail searched by release, actor and action with
 * the API's checks. Verifying walks the whole chain, so it runs when asked (htmx swaps the answer in; without scripts
 * the button reloads the page with it).
 */
@Controller
class AuditPage {

  private final AuditSearch search;
  private final AuditVerifier verifier;

  AuditPage(AuditSearch search, AuditVerifier verifier) {
    this.search = search;
    this.verifier = verifier;
  }

  @GetMapping("/audit")
  String audit(@RequestParam(required = false) String release, @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action, @RequestParam(required = false) String page,
      @RequestParam(required = false) String verify, Model model, HttpServletResponse response) {
    Map<String, String> errors = new LinkedHashMap<>();
    AuditSearch.Page found;
    try {
      found = search.search(release, actor, action, page, null);
    } catch (InvalidInput e) {
      e.problems().forEach(p -> errors.merge(p.field(), p.message(), (a, b) -> a + "; " + b));
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      found = new AuditSearch.Page(java.util.List.of(), 0, AuditSearch.DEFAULT_SIZE, 0);
    }
    model.addAttribute("found", found);
    model.addAttribute("errors", errors);
    model.addAttribute("release", release == null ? "" : release);
    model.addAttribute("actor", actor == null ? "" : actor);
    model.addAttribute("action", action == null ? "" : action);
    model.addAttribute("actions", search.actions());
    model.addAttribute("filtered", release != null && !release.isBlank() || actor != null && !actor.isBlank()
        || action != null && !action.isBlank());
    if (verify != null) {
      model.addAttribute("verification", verifier.verify());
    }
    return "audit";
  }

  /** The verification alone: what htmx swaps into the page. */
  @GetMapping("/audit/verification")
  String verification(Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
    if (htmx == null) {
      return "redirect:/audit?verify";
    }
    model.addAttribute("verification", verifier.verify());
    return "audit :: verification";
  }
}
