package org.relman.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * Takes a release to its window the way people and CI would: requested by erin, change set collected, gates passed, GO
 * by alice; its planned start is in the past, so the window is open. The test then ships it environment by environment.
 */
public final class Shipping {

  private Shipping() {}

  /** A release of {@code services} at its window, ready for its first deployment. */
  public static long scheduled(RelmanTestBase test, String version, List<String> services) {
    Map<String, Object> body = new java.util.LinkedHashMap<>(test.releaseRequest(version, test.repository(1),
        RelmanTestBase.pastStart()));
    body.put("services", services);
    long id = test.requestRelease("erin", body);
    test.workers().run("collect-change-set", id);
    assertThat(test.reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(test.reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    assertThat(test.release(id).path("currentSteps").toString()).as("release %s waits for go/no-go", id)
        .contains("go/no-go");
    test.completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, rollback plan ready"));
    test.fireDueTimers(id);
    return id;
  }

  /** A release of {@code services} deployed, verified and promoted in every environment. */
  public static long shippedEverywhere(RelmanTestBase test, String version, List<String> services) {
    long id = scheduled(test, version, services);
    test.shipToNextEnvironment(id);
    test.shipToNextEnvironment(id);
    return id;
  }
}
