package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.relman.testing.PageSession;
import org.relman.testing.RelmanTestBase;

/**
 * Pages 5-8 (calendar, environments, DORA, audit) for every demo role, signed in through the login form: a page a role
 * may use answers 200 and shows only the buttons the role may press; the others answer 403; nobody anonymous gets
 * further than the login page.
 */
class InsightPagesRoleTest extends RelmanTestBase {

  /** One demo user per role (API.md). */
  static final Map<String, String> USER_OF_ROLE = new LinkedHashMap<>();

  static {
    USER_OF_ROLE.put("release-managers", "alice");
    USER_OF_ROLE.put("qa", "bob");
    USER_OF_ROLE.put("security", "carol");
    USER_OF_ROLE.put("cab", "dave");
    USER_OF_ROLE.put("engineers", "erin");
    USER_OF_ROLE.put("auditors", "frank");
    USER_OF_ROLE.put("process-owners", "grace");
    USER_OF_ROLE.put("operaton-admin", "admin");
  }

  /** page → the roles that may open it ("everyone": every signed-in role). */
  static final Map<String, Set<String>> PAGES = new LinkedHashMap<>();

  static {
    PAGES.put("/environments", USER_OF_ROLE.keySet());
    PAGES.put("/calendar", USER_OF_ROLE.keySet());
    PAGES.put("/calendar?view=week", USER_OF_ROLE.keySet());
    PAGES.put("/dora", USER_OF_ROLE.keySet());
    // auditors and release managers, as GET /api/audit and /api/audit/verify
    PAGES.put("/audit", Set.of("auditors", "release-managers"));
    PAGES.put("/audit?verify=", Set.of("auditors", "release-managers"));
  }

  @TestFactory
  Stream<DynamicTest> everyRoleOnEveryPage() {
    List<DynamicTest> tests = new ArrayList<>();
    PAGES.forEach((page, roles) -> {
      USER_OF_ROLE.forEach((role, user) -> tests.add(DynamicTest.dynamicTest(page + " as " + user + " (" + role + ")",
          () -> {
            HttpResponse<String> response = PageSession.as(port, user).get(page);
            if (roles.contains(role)) {
              assertThat(response.statusCode()).as("%s as %s", page, user).isEqualTo(200);
              assertThat(response.body()).contains("<main id=\"main\"").doesNotContain("<script>")
                  .doesNotContain("style=");
              if (page.startsWith("/calendar")) {
                // the freeze form and the lift buttons are release managers' (POST /api/freezes, DELETE /api/freezes/{id})
                assertThat(response.body().contains("Declare a freeze")).as("%s sees the freeze form", user)
                    .isEqualTo(role.equals("release-managers"));
              }
            } else {
              assertThat(response.statusCode()).as("%s as %s", page, user).isEqualTo(403);
            }
          })));
      tests.add(DynamicTest.dynamicTest(page + " anonymously", () -> {
        HttpResponse<String> response = PageSession.as(port, null).get(page);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
      }));
    });
    USER_OF_ROLE.forEach((role, user) -> tests.add(DynamicTest.dynamicTest("declaring a freeze as " + user + " (" + role + ")",
        () -> {
          PageSession session = PageSession.as(port, user);
          session.get("/environments");
          String name = "Role test freeze " + System.nanoTime();
          HttpResponse<String> response = session.post("/calendar/freezes", Map.of("name", name, "kind", "once",
              "start", "2093-03-01T00:00", "end", "2093-03-02T00:00", "zone", "UTC", "services", ""));
          boolean stored = api("frank").get("/api/freezes").body().contains(name);
          if (role.equals("release-managers")) {
            assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(302);
            assertThat(stored).isTrue();
          } else {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(stored).as("a refused freeze is not stored").isFalse();
          }
        })));
    long freeze = api("alice").post("/api/freezes", Map.of("name", "To lift", "start", "2094-01-01T00:00:00Z", "end",
        "2094-01-02T00:00:00Z")).json().path("id").asLong();
    USER_OF_ROLE.forEach((role, user) -> tests.add(DynamicTest.dynamicTest("lifting a freeze as " + user + " (" + role
        + ")", () -> {
          if (role.equals("release-managers")) {
            return; // lifted last, below
          }
          PageSession session = PageSession.as(port, user);
          session.get("/calendar");
          assertThat(session.post("/calendar/freezes/" + freeze + "/delete", Map.of()).statusCode()).isEqualTo(403);
          assertThat(api("frank").get("/api/freezes").body()).contains("\"id\":" + freeze + ",");
        })));
    tests.add(DynamicTest.dynamicTest("lifting a freeze as alice (release-managers)", () -> {
      PageSession session = PageSession.as(port, "alice");
      session.get("/calendar");
      assertThat(session.post("/calendar/freezes/" + freeze + "/delete", Map.of()).statusCode()).isEqualTo(302);
      assertThat(api("frank").get("/api/freezes").body()).doesNotContain("\"id\":" + freeze + ",");
    }));
    return tests.stream();
  }
}
