package org.relman.lifecycle;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/releases/{id}/cancel}. */
public record CancelRequest(@NotBlank(message = "is required: say why the release is cancelled") @Size(max = 4000) String reason) {}
