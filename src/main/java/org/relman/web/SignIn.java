package org.relman.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Signing in to relman's pages, and where a signed-in person starts: the board. */
@Controller
class SignIn {

  @GetMapping("/")
  String home() {
    return "redirect:/releases";
  }

  @GetMapping("/login")
  String login() {
    return "login";
  }
}
