package org.relman.process;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the benchmarks under {@code bench/} switch on (docs/performance.md); off in every real deployment.
 *
 * @param enabled count every SQL statement, relman's own apart from the engine's, and keep every external-task pickup
 *     time, shown at {@code /actuator/bench} (expose it with {@code management.endpoints.web.exposure.include}); costs a
 *     stack walk per statement
 * @param pollInterval unset: the workers long-poll (relman's way); set: they poll at this fixed interval without long
 *     polling, to compare pickup latency
 */
@ConfigurationProperties("relman.bench")
public record BenchProperties(@DefaultValue("false") boolean enabled, Duration pollInterval) {}
