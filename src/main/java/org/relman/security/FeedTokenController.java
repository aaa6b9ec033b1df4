package org.relman.security;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.relman.RelmanProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** A person's calendar feed URL, for calendar apps that cannot send credentials (Google Calendar, Outlook on the web). */
@RestController
@Tag(name = "Calendar", description = "Release windows, freeze windows and conflicts")
class FeedTokenController {

  private final ApiTokens tokens;
  private final String publicUrl;

  FeedTokenController(ApiTokens tokens, RelmanProperties properties) {
    this.tokens = tokens;
    this.publicUrl = properties.publicUrl();
  }

  @PostMapping("/api/calendar/feed-token")
  @Operation(summary = "Make my calendar feed URL (shown once)", description = "201 with token and url"
      + " (/api/calendar.ics?token=...): subscribe to the url in a calendar app. It reads the feed as you, and nothing"
      + " else; a new one replaces the old one, which stops working. Not with an API token: sign in as a person.")
  ResponseEntity<ApiTokens.CreatedFeedToken> create(Authentication caller, HttpServletRequest request) {
    String base = publicUrl != null && !publicUrl.isBlank() ? publicUrl
        : ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
    ApiTokens.CreatedFeedToken created = tokens.createFeedToken(caller, base.replaceAll("/+$", ""));
    return ResponseEntity.created(URI.create("/api/calendar/feed-token")).body(created);
  }

  @GetMapping("/api/calendar/feed-token")
  @Operation(summary = "Whether I have a calendar feed URL, and when it was last read (never the token)")
  ApiTokens.FeedTokenView get(Authentication caller) {
    return tokens.feedToken(caller);
  }

  @DeleteMapping("/api/calendar/feed-token")
  @Operation(summary = "Revoke my calendar feed URL", description = "The subscribed calendars stop updating. Without"
      + " a feed URL, nothing changes.")
  ResponseEntity<Void> revoke(Authentication caller) {
    tokens.revokeFeedToken(caller);
    return ResponseEntity.noContent().build();
  }
}
