package org.relman.deploy;

import java.util.List;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.http.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Environments", description = "What runs where now")
class EnvironmentController {

  private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]{1,64}");

  private final RunningVersions versions;

  EnvironmentController(RunningVersions versions) {
    this.versions = versions;
  }

  @GetMapping("/api/environments")
  @Operation(summary = "What runs where now (everyone signed in)", description = "The environments of"
      + " relman.environments in promotion order (order from 1), each with every service deployed there: version,"
      + " releaseId and deployedAt of what runs (the latest successful deployment not rolled back since; null before"
      + " the first), status DEPLOYED | ROLLED_BACK (a rollback took it back to version) | DEPLOYING (a deployment or"
      + " rollback is in flight) | FAILED (the latest deployment or rollback failed), and last: the latest deployment"
      + " or rollback that included the service. environment and service narrow the answer.")
  List<RunningVersions.Environment> environments(@RequestParam(required = false) String environment,
      @RequestParam(required = false) String service) {
    QueryParameters query = new QueryParameters();
    String onlyEnvironment = environment == null || environment.isBlank() ? null : environment.strip();
    if (onlyEnvironment != null && !versions.environmentNames().contains(onlyEnvironment)) {
      query.problem("environment", "'" + environment + "' is not a configured environment; they are "
          + String.join(", ", versions.environmentNames()));
    }
    String onlyService = service == null || service.isBlank() ? null : service.strip();
    if (onlyService != null && !SERVICE.matcher(onlyService).matches()) {
      query.problem("service", "must match [a-z0-9-]{1,64}");
    }
    query.check();
    return versions.now(onlyEnvironment, onlyService);
  }
}
