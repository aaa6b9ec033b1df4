package org.relman.web;

import jakarta.servlet.http.HttpServletResponse;
import org.relman.http.ProblemDetailsAdvice;
import org.relman.shared.Refusal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A refusal on a page is a page, not a JSON problem: the same status the API answers (ProblemDetailsAdvice decides
 * it), and the service's words.
 */
@ControllerAdvice(basePackageClasses = PageRefusals.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageRefusals {

  @ExceptionHandler(Refusal.class)
  String refusal(Refusal refusal, Model model, HttpServletResponse response) {
    var status = ProblemDetailsAdvice.status(refusal);
    response.setStatus(status.value());
    model.addAttribute("status", status.value());
    model.addAttribute("title", switch (status.value()) {
      case 404 -> "Not found";
      case 403 -> "Not allowed";
      case 409 -> "Not possible now";
      case 400 -> "Cannot be used";
      default -> "Refused";
    });
    model.addAttribute("message", Plain.words(refusal));
    return "refused";
  }
}
