package org.relman.task;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.operaton.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.operaton.bpm.engine.rest.exception.RestException;
import org.operaton.bpm.spring.boot.starter.rest.OperatonJerseyResourceConfig;
import org.relman.shared.InvalidInput;
import org.relman.shared.NotPermitted;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /engine-rest} answers a completion the {@link TaskCompletionGuard} refuses like relman's API does: 400 for
 * invalid fields, 403 for a refusal, with the guard's message; Operaton would answer 500. Other errors keep
 * Operaton's own mapping.
 */
@Configuration
class EngineRestTaskRefusals {

  @Bean
  OperatonJerseyResourceConfig operatonJerseyResourceConfig() {
    return new OperatonJerseyResourceConfig() {
      @Override
      protected void registerAdditionalResources() {
        register(RefusalMapper.class);
      }
    };
  }

  @Priority(1)
  static class RefusalMapper implements ExceptionMapper<RestException> {

    @Override
    public Response toResponse(RestException exception) {
      for (Throwable t = exception; t != null; t = t.getCause()) {
        if (t instanceof InvalidInput rejected) {
          return answer(Response.Status.BAD_REQUEST, "InvalidTaskInput", rejected.getMessage());
        }
        if (t instanceof NotPermitted refused) {
          return answer(Response.Status.FORBIDDEN, "TaskRefused", refused.getMessage());
        }
      }
      return ExceptionHandlerHelper.getInstance().getResponse(exception);
    }

    private static Response answer(Response.Status status, String type, String message) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", type);
      body.put("message", message);
      return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
  }
}
