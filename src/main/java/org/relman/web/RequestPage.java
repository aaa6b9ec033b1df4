package org.relman.web;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import org.relman.http.JsonBodies;
import org.relman.lifecycle.ReleaseRequest;
import org.relman.lifecycle.ReleaseService;
import org.relman.release.Release;
import org.relman.shared.FieldProblem;
import org.relman.shared.InvalidInput;
import org.relman.shared.StateConflict;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Requesting a release from a page. The form's fields become the JSON body the API takes and go through the very same
 * reading and checks ({@link JsonBodies}, {@link ReleaseService#problems}) and the same service, so each field shows
 * the API's own message next to it.
 */
@Controller
class RequestPage {

  private final JsonBodies bodies;
  private final ReleaseService service;
  private final ObjectMapper json;

  RequestPage(JsonBodies bodies, ReleaseService service, ObjectMapper json) {
    this.bodies = bodies;
    this.service = service;
    this.json = json;
  }

  /** The form as typed; {@code plannedStart} is a {@code datetime-local} value read as UTC. */
  record Form(String version, String name, String services, String plannedStart, String repositoryUrl,
      String fromRef, String toRef, String hotfix, String rollbackPlan) {

    /** The form's text fields by name, for the template. */
    public Map<String, String> values() {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("version", version);
      values.put("name", name);
      values.put("services", services);
      values.put("plannedStart", plannedStart);
      values.put("repositoryUrl", repositoryUrl);
      values.put("fromRef", fromRef);
      values.put("toRef", toRef);
      values.put("rollbackPlan", rollbackPlan);
      return values;
    }

    static Form empty() {
      return new Form("", "", "", "", "", "", "main", null, "");
    }
  }

  @GetMapping("/releases/new")
  String form(Model model) {
    model.addAttribute("values", Form.empty().values());
    model.addAttribute("hotfix", false);
    model.addAttribute("problems", Map.of());
    return "request";
  }

  @PostMapping("/releases")
  String request(@ModelAttribute Form form, Authentication caller, Model model,
      HttpServletResponse response) {
    Map<String, String> problems = new LinkedHashMap<>();
    try {
      ReleaseRequest request = bodies.read(body(form), ReleaseRequest.class, service::problems);
      Release release = service.request(request, caller.getName());
      return "redirect:/releases/" + release.id();
    } catch (InvalidInput invalid) {
      for (FieldProblem p : invalid.problems()) {
        problems.merge(field(p.field()), Plain.field(p.field()) + " " + p.message(), (a, b) -> a + "; " + b);
      }
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    } catch (StateConflict conflict) {
      problems.put("version", conflict.getMessage());
      response.setStatus(HttpServletResponse.SC_CONFLICT);
    }
    model.addAttribute("problems", problems);
    model.addAttribute("values", form.values());
    model.addAttribute("hotfix", form.hotfix() != null);
    return "request";
  }

  /** The API's field path as the form's field: {@code services[1]} is the services field. */
  static String field(String path) {
    String field = path.replaceAll("\\[\\d+]", "");
    return switch (field) {
      case "repository", "repository.url" -> "repositoryUrl";
      case "repository.fromRef" -> "fromRef";
      case "repository.toRef" -> "toRef";
      case "version", "name", "services", "plannedStart", "rollbackPlan", "hotfix" -> field;
      default -> "form";
    };
  }

  private byte[] body(Form form) {
    ObjectNode body = json.createObjectNode();
    text(body, "version", form.version());
    text(body, "name", form.name());
    if (form.services() != null && !form.services().isBlank()) {
      var services = body.putArray("services");
      Arrays.stream(form.services().split("[,\\s]+")).filter(s -> !s.isBlank()).forEach(services::add);
    }
    if (form.plannedStart() != null && !form.plannedStart().isBlank()) {
      body.put("plannedStart", utc(form.plannedStart().strip()));
    }
    ObjectNode repository = json.createObjectNode();
    text(repository, "url", form.repositoryUrl());
    text(repository, "fromRef", form.fromRef());
    text(repository, "toRef", form.toRef());
    if (!repository.isEmpty()) {
      body.set("repository", repository);
    }
    body.put("hotfix", form.hotfix() != null);
    text(body, "rollbackPlan", form.rollbackPlan());
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code 2026-12-07T10:00} as {@code 2026-12-07T10:00:00Z}; anything else as typed, for the API to name. */
  private static String utc(String local) {
    try {
      return LocalDateTime.parse(local).toInstant(ZoneOffset.UTC).toString();
    } catch (DateTimeParseException e) {
      return local;
    }
  }

  private static void text(ObjectNode node, String name, String value) {
    if (value != null && !value.isBlank()) {
      node.put(name, value);
    }
  }
}
