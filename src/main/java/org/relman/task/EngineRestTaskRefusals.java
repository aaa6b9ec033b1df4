package org.relman.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * {@code /engine-rest} answers a completion the {@link TaskCompletionGuard} refuses like relman's API does: 400 for
 * invalid fields, 403 for a refusal, with the guard's message; Operaton would answer 500. Bad input the engine itself
 * refuses is not a server error either: a missing value is a 400, something that does not exist a 404. Acting on a
 * task that someone finished meanwhile (two people completing it at once) is the 409 "already done" relman's API
 * answers, whatever the engine said (a lost race is a 500, a 404 or a 403 there). Other errors keep Operaton's own
 * mapping.
 */
@Configuration
class EngineRestTaskRefusals {

  /** A task's own resources: {@code /engine-rest/task/{id}/complete}, {@code .../submit-form}, {@code .../claim}. */
  private static final Pattern TASK_ACTION = Pattern.compile(".*/task/([^/]+)/[a-z-]+");

  @Bean
  OperatonJerseyResourceConfig operatonJerseyResourceConfig(ObjectProvider<TaskList> tasks) {
    return new OperatonJerseyResourceConfig() {
      @Override
      protected void registerAdditionalResources() {
        register(new RefusalMapper(tasks));
        register(new EngineInputMapper(tasks));
        register(new LateMapper(tasks));
      }
    };
  }

  /** 409 when the request acted on a task that is no longer open; null otherwise. */
  static Response tooLate(ObjectProvider<TaskList> tasks) {
    if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
        || !"POST".equals(attributes.getRequest().getMethod())) {
      return null;
    }
    Matcher task = TASK_ACTION.matcher(attributes.getRequest().getRequestURI());
    if (!task.matches()) {
      return null;
    }
    return tasks.getObject().alreadyDone(task.group(1))
        .map(done -> RefusalMapper.answer(Response.Status.CONFLICT, "TaskAlreadyDone", done))
        .orElse(null);
  }

  @Priority(1)
  static class RefusalMapper implements ExceptionMapper<RestException> {

    private final ObjectProvider<TaskList> tasks;

    RefusalMapper(ObjectProvider<TaskList> tasks) {
      this.tasks = tasks;
    }

    @Override
    public Response toResponse(RestException exception) {
      Response late = tooLate(tasks);
      if (late != null) {
        return late;
      }
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

    private final ObjectProvider<TaskList> tasks;

    EngineInputMapper(ObjectProvider<TaskList> tasks) {
      this.tasks = tasks;
    }

    @Override
    public Response toResponse(ProcessEngineException exception) {
      Response late = tooLate(tasks);
      if (late != null) {
        return late;
      }
      Response input = RefusalMapper.badInput(exception);
      return input != null ? input : ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
  }

  /**
   * Any other failure, such as the engine's own NullPointerException when two completions of a task overlap: "already
   * done" when the task is no longer open, else Operaton's answer.
   */
  @Priority(1)
  static class LateMapper implements ExceptionMapper<Throwable> {

    private final ObjectProvider<TaskList> tasks;

    LateMapper(ObjectProvider<TaskList> tasks) {
      this.tasks = tasks;
    }

    @Override
    public Response toResponse(Throwable exception) {
      Response late = tooLate(tasks);
      return late != null ? late : ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
  }
}
