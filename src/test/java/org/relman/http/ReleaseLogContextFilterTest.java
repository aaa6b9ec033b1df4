package org.relman.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.relman.shared.LogContext;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** API requests about one release log with its id; others log without one. */
class ReleaseLogContextFilterTest {

  @Test
  void requestsUnderAReleaseCarryItsIdWhileTheyRun() throws Exception {
    List<String> seen = new ArrayList<>();
    ReleaseLogContextFilter filter = new ReleaseLogContextFilter();

    for (String path : List.of("/api/releases/42", "/api/releases/42/gates/build", "/api/releases", "/api/tasks/7",
        "/api/releases/by-version/2026.12.0/gates/build", "/api/releases/99999999999999999999")) {
      filter.doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(),
          (request, response) -> seen.add(MDC.get(LogContext.RELEASE_ID)));
    }

    assertThat(seen).containsExactly("42", "42", null, null, null, null);
    assertThat(MDC.get(LogContext.RELEASE_ID)).isNull();
  }
}
