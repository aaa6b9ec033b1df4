package org.relman.security;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.http.JsonBodies;
import org.relman.shared.InvalidInput;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Tokens", description = "API tokens for scripts and CI: Authorization: Bearer <token> on /api")
class TokenController {

  private final ApiTokens tokens;
  private final JsonBodies bodies;

  TokenController(ApiTokens tokens, JsonBodies bodies) {
    this.tokens = tokens;
    this.bodies = bodies;
  }

  @PostMapping(path = "/api/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Create an API token (the answer is the only time it is shown)", description = """
      {name, expiresAt, roles, services}: roles must be roles of the caller; with services, a service token that may \
      act only on releases of those services (requests, cancels, gate reports, deployment callbacks, tasks), created \
      by release managers; without, a personal token. expiresAt is required, at most \
      relman.security.tokens.max-lifetime ahead. The token acts as its creator. 400 names every bad field; 403 a role \
      the caller lacks, a service token by someone not a release manager, or a call signed in with a token.""")
  ResponseEntity<ApiTokens.CreatedToken> create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(schema = @Schema(implementation = ApiTokens.TokenRequest.class)))
      @RequestBody(required = false) byte[] body, Authentication caller) {
    ApiTokens.TokenRequest request = bodies.read(body, ApiTokens.TokenRequest.class, tokens::problems);
    ApiTokens.CreatedToken created = tokens.create(request, caller);
    return ResponseEntity.created(URI.create("/api/tokens/" + created.id())).body(created);
  }

  @GetMapping("/api/tokens")
  @Operation(summary = "My API tokens (never their secret)", description = "Active, expired and revoked, newest first,"
      + " with when each was last used and how often. kind=service: every service token, whoever made it (release"
      + " managers and administrators, who may revoke them).")
  List<ApiTokens.TokenView> list(@RequestParam(name = "kind", required = false) String kind, Authentication caller) {
    if (kind == null) {
      return tokens.own(caller);
    }
    if (!kind.equals("service")) {
      throw InvalidInput.of("kind", "must be service, or left out for your own tokens");
    }
    return tokens.services(caller);
  }

  @DeleteMapping("/api/tokens/{id}")
  @Operation(summary = "Revoke an API token", description = "Its owner; a release manager for any service token; an"
      + " administrator for any token. Revoking a revoked token changes nothing. 404 unknown or not yours.")
  ResponseEntity<Void> revoke(@PathVariable long id, Authentication caller) {
    tokens.revoke(id, caller);
    return ResponseEntity.noContent().build();
  }
}
