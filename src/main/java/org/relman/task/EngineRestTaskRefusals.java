package org.relman.task;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.operaton.bpm.engine.BadUserRequestException;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.exception.NotFoundException;
import org.operaton.bpm.engine.exception.NullValueException;
import org.operaton.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.operaton.bpm.engine.rest.exception.RestException;
import org.operaton.bpm.spring.boot.starter.rest.OperatonJerseyResourceConfig;
import org.relman.shared.InvalidInput;
import org.relman.shared.NotPermitted;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /engine-rest} answers a completion the {@link TaskCompletionGuard} refuses like relman's API does: 400 for
 * invalid fields, 403 for a refusal, with the guard's message; Operaton would answer 500. Bad input the engine itself
 * refuses is not a server error either: a missing value is a 400, something that does not exist a 404. Other errors
 * keep Operaton's own mapping.
 */
@Configuration
class EngineRestTaskRefusals {

  @Bean
  OperatonJerseyResourceConfig operatonJerseyResourceConfig() {
    return new OperatonJerseyResourceConfig() {
      @Override
      protected void registerAdditionalResources() {
        register(RefusalMapper.class);
        register(EngineInputMapper.class);
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
      Response input = badInput(exception);
      return input != null ? input : ExceptionHandlerHelper.getInstance().getResponse(exception);
    }

    /** A missing value (400) or a missing thing (404) somewhere in the cause chain; null when it is neither. */
    static Response badInput(Throwable exception) {
      for (Throwable t = exception; t != null; t = t.getCause()) {
        if (t instanceof NotFoundException) {
          return answer(Response.Status.NOT_FOUND, "NotFound", exception.getMessage());
        }
        if (t instanceof NullValueException) {
          // the engine says "task is null" when a task id names no task: that is a 404, any other missing value a 400
          boolean missingThing = String.valueOf(exception.getMessage()).contains("Cannot find");
          return answer(missingThing ? Response.Status.NOT_FOUND : Response.Status.BAD_REQUEST,
              missingThing ? "NotFound" : "InvalidRequestException", exception.getMessage());
        }
        if (t instanceof BadUserRequestException) {
          return answer(Response.Status.BAD_REQUEST, "InvalidRequestException", exception.getMessage());
        }
      }
      return null;
    }

    static Response answer(Response.Status status, String type, String message) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", type);
      body.put("message", message);
      return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
  }

  /** The engine's own exceptions when they are about the request, not the server. */
  @Priority(1)
  static class EngineInputMapper implements ExceptionMapper<ProcessEngineException> {

    @Override
    public Response toResponse(ProcessEngineException exception) {
      Response input = RefusalMapper.badInput(exception);
      return input != null ? input : ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
  }
}
