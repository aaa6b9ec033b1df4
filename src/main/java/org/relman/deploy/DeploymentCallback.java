package org.relman.deploy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body a webhook deploy target posts to {@code /api/releases/{id}/deployments/{environment}}. */
public record DeploymentCallback(
    @NotBlank(message = "is required: the deploymentId relman sent") @Size(max = 36) String deploymentId,
    @NotNull(message = "is required (SUCCEEDED or FAILED)") Outcome status,
    @Size(max = 65536) String details) {

  public enum Outcome { SUCCEEDED, FAILED }
}
