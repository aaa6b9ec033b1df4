package org.relman.web;

import org.relman.RelmanProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The way in: {@code /} opens the board, {@code /login} signs in (with the single sign-on link when it is on). */
@Controller
class SignIn {

  /** Where Spring Security starts the authorization code flow of relman's OIDC client (security.OidcSignIn). */
  static final String SINGLE_SIGN_ON = "/oauth2/authorization/oidc";

  private final boolean singleSignOn;

  SignIn(RelmanProperties properties) {
    this.singleSignOn = properties.security().oidc() != null && properties.security().oidc().enabled();
  }

  @GetMapping("/")
  String home() {
    return "redirect:/releases";
  }

  @GetMapping("/login")
  String login(Model model) {
    model.addAttribute("singleSignOn", singleSignOn ? SINGLE_SIGN_ON : null);
    return "login";
  }
}
