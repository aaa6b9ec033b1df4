package org.relman.http;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Refusals decided before relman's code runs answer as RFC 9457 problems too, not as an HTML page or Spring Boot's
 * {@code {"timestamp", "error"}}: a URL Tomcat will not parse ({@code /api/releases/%00}) is reported by the host's
 * error valve, a request the security firewall rejects and any failure outside a controller by the {@code /error}
 * page. Both say only the status and its reason: what failed inside is logged, not told.
 */
@Configuration
class ContainerProblems {

  /** {@code /error} as a problem for clients of JSON; browsers still get Spring Boot's HTML error view. */
  @Bean
  BasicErrorController problemErrorController(ErrorAttributes attributes, ServerProperties server,
      List<ErrorViewResolver> views) {
    return new BasicErrorController(attributes, server.getError(), views) {
      @Override
      public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT) {
          return new ResponseEntity<>(status);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(status.value()));
      }
    };
  }

  /** Replaces the host's HTML error report (and Spring Boot's own instance of it) with a problem. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
    return new ProblemReportCustomizer();
  }

  static Map<String, Object> problem(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    String reason = known == null ? "Error" : known.getReasonPhrase();
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", reason);
    problem.put("status", status);
    problem.put("detail", status >= 500 ? "relman could not answer this request; the failure is logged"
        : "The request was refused before it reached relman: " + reason);
    return problem;
  }

  /** After Spring Boot's own customizer, which adds a plain ErrorReportValve to the host. */
  private static final class ProblemReportCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
      Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(context -> {
        Host host = (Host) context.getParent();
        for (Valve valve : host.getPipeline().getValves()) {
          if (valve instanceof ErrorReportValve) {
            host.getPipeline().removeValve(valve);
          }
        }
        host.getPipeline().addValve(new ProblemReportValve());
        if (host instanceof StandardHost standard) {
          // so the host does not add its default HTML valve when it starts
          standard.setErrorReportValveClass(ProblemReportValve.class.getName());
        }
      });
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  /** Tomcat's error report, as a problem: the same conditions as {@code ErrorReportValve}, JSON instead of HTML. */
  public static final class ProblemReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      AtomicBoolean ioAllowed = new AtomicBoolean(true);
      response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
      if (!ioAllowed.get()) {
        return;
      }
      try {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(JSON.writeValueAsString(problem(status)));
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the client is gone or the response is already on its way: nothing more to report to
      }
    }
  }
}
