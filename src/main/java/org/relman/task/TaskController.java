package org.relman.task;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's task list over HTTP; the rules are the {@link TaskList}'s and the engine's. */
@RestController
@Tag(name = "Tasks", description = "The human steps: list, read with form, claim, complete")
class TaskController {

  private final TaskList taskList;

  TaskController(TaskList taskList) {
    this.taskList = taskList;
  }

  record Completion(@NotNull(message = "is required: an object of form fields") Map<String, Object> variables) {}

  @GetMapping("/api/tasks")
  @Operation(summary = "My open tasks: assigned to me, or offered to one of my groups")
  List<TaskList.Summary> list(Authentication caller) {
    return taskList.open(caller(caller));
  }

  @GetMapping("/api/tasks/{id}")
  @Operation(summary = "A task with its Camunda Form JSON and current values")
  TaskList.Detail get(@PathVariable String id, Authentication caller) {
    return taskList.get(id, caller(caller));
  }

  @PostMapping("/api/tasks/{id}/claim")
  @Operation(summary = "Claim a task", description = "403 not a candidate or four eyes; 404 unknown; 409 done or claimed")
  ResponseEntity<Void> claim(@PathVariable String id, Authentication caller) {
    taskList.claim(id, caller(caller));
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/tasks/{id}/complete")
  @Operation(summary = "Complete a task with its form fields",
      description = "400 names missing or invalid fields; 403 not a candidate, or four eyes; 404 unknown; 409 already done")
  ResponseEntity<Void> complete(@PathVariable String id, @Valid @RequestBody Completion completion, Authentication caller) {
    taskList.complete(id, completion.variables(), caller(caller));
    return ResponseEntity.noContent().build();
  }

  static Caller caller(Authentication authentication) {
    return new Caller(authentication.getName(),
        authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
  }
}
