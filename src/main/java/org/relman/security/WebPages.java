package org.relman.security;

/** Where relman's own pages are, and what they may load: the one list the page security and the pages agree on. */
public final class WebPages {

  /** The paths of relman's pages (API.md, "Web app"), each with what lies below it. */
  static final String[] PATHS = {"/", "/login", "/logout", "/releases", "/releases/**", "/tasks", "/tasks/**",
      "/calendar", "/calendar/**", "/environments", "/environments/**", "/dora", "/dora/**", "/audit", "/audit/**"};

  /** Scripts, styles, images, fonts and requests from relman itself only; no inline scripts or styles. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self';"
      + " form-action 'self'; frame-ancestors 'none'";

  private WebPages() {}
}
