package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.relman.testing.PageClient;
import org.relman.testing.PagesTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page route against every demo role, signed in through the form, and anonymously: the allowed get through
 * (2xx, 3xx to somewhere other than the sign-in page, or a refusal of the fixture's own such as a 400 for an empty
 * form), the others get the refusal the table names. The routes are those relman serves outside /api; one missing
 * from the table (or the other way round) fails the test, so a new page joins this matrix the day it is added.
 */
class PageRoleMatrixTest extends PagesTestBase {

  /** Who may use which page route: "everyone signed in" or the groups; the last column is what the others get. */
  static final String MATRIX = """
      | route                                            | allowed                     | everyone else |
      | ------------------------------------------------ | --------------------------- | ------------- |
      | GET  /                                           | everyone signed in          |               |
      | GET  /login                                      | everyone                    |               |
      | GET  /releases                                   | everyone signed in          |               |
      | GET  /releases/new                               | engineers, release-managers | 403           |
      | POST /releases                                   | engineers, release-managers | 403           |
      | GET  /releases/{id}                              | everyone signed in          |               |
      | GET  /releases/{id}/diagram                      | everyone signed in          |               |
      | GET  /releases/{id}/deployments/{deploymentId}/output | everyone signed in     |               |
      | GET  /releases/{id}/notes                        | everyone signed in          |               |
      | GET  /releases/{id}/evidence/{format}            | auditors, release-managers  | 403           |
      | POST /releases/{id}/cancel                       | release-managers            | 403           |
      | GET  /tasks                                      | everyone signed in          |               |
      | GET  /tasks/{id}                                 | qa                          | 404           |
      | POST /tasks/{id}                                 | qa                          | 404           |
      """;

  /** Pages of the other half of the web app (calendar, environments, DORA, audit) have a matrix of their own. */
  private static final List<String> OWN_PREFIXES = List.of("/login", "/releases", "/tasks");

  static final Map<String, String> PERSON_OF_GROUP = new LinkedHashMap<>();

  static {
    PERSON_OF_GROUP.put("release-managers", "alice");
    PERSON_OF_GROUP.put("qa", "bob");
    PERSON_OF_GROUP.put("security", "carol");
    PERSON_OF_GROUP.put("cab", "dave");
    PERSON_OF_GROUP.put("engineers", "erin");
    PERSON_OF_GROUP.put("auditors", "frank");
    PERSON_OF_GROUP.put("process-owners", "grace");
    PERSON_OF_GROUP.put("operaton-admin", "admin");
  }

  record Row(String method, String route, Set<String> allowed, boolean everyone, boolean anonymousToo, int refusal) {}

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @TestFactory
  Stream<DynamicTest> everyRoleAgainstEveryPage() {
    List<Row> rows = rows();
    long release = awaitingQaSignOff("erin");
    long toCancel = requestRelease("erin", version("2037.1"), repository(1));
    String task = approvalTask(release, "qa-signoff").getId();
    Map<String, PageClient> sessions = new LinkedHashMap<>();
    PERSON_OF_GROUP.values().forEach(user -> sessions.put(user, PageClient.signedIn(port, user)));
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("the matrix names exactly the page routes relman serves", () ->
        assertThat(rows.stream().map(r -> r.method() + " " + r.route()).toList())
            .containsExactlyInAnyOrderElementsOf(servedRoutes())));
    for (Row row : rows) {
      String path = row.route().replace("/releases/{id}/cancel", "/releases/" + toCancel + "/cancel")
          .replace("/releases/{id}", "/releases/" + release).replace("{deploymentId}", "none")
          .replace("{format}", "markdown").replace("/tasks/{id}", "/tasks/" + task);
      tests.add(DynamicTest.dynamicTest(row.method() + " " + row.route() + " anonymously", () -> {
        PageClient.Page page = call(PageClient.anonymous(port), row.method(), path);
        if (row.anonymousToo()) {
          assertThat(page.status()).isEqualTo(200);
        } else {
          assertThat(page.status()).as("%s", page).isIn(302, 403);
          if (page.status() == 302) {
            assertThat(page.location()).endsWith("/login");
          }
        }
      }));
      for (var person : PERSON_OF_GROUP.entrySet()) {
        boolean allowed = row.everyone() || row.allowed().contains(person.getKey());
        tests.add(DynamicTest.dynamicTest(row.method() + " " + row.route() + " as " + person.getValue(), () -> {
          PageClient session = sessions.get(person.getValue());
          if (!row.method().equals("GET")) {
            session.get("/releases"); // a form's token fresh from a page, as a browser posts it
          }
          PageClient.Page page = call(session, row.method(), path);
          if (allowed) {
            assertThat(page.status()).as("%s as %s: %s", path, person.getValue(), page).isNotIn(401, 403)
                .isLessThan(500);
            if (!path.contains("/output")) {
              assertThat(page.status()).as("%s as %s", path, person.getValue()).isNotEqualTo(404);
            }
            if (page.status() == 302) {
              assertThat(page.location()).doesNotContain("/login");
            }
          } else {
            assertThat(page.status()).as("%s as %s: %s", path, person.getValue(), page).isEqualTo(row.refusal());
          }
        }));
      }
    }
    return tests.stream();
  }

  /** The navigation offers the audit log only to those it opens for: a link nobody else may follow is not shown. */
  @org.junit.jupiter.api.Test
  void theAuditLinkIsShownToAuditorsAndReleaseManagersOnly() {
    for (String user : List.of("frank", "alice")) {
      org.assertj.core.api.Assertions.assertThat(PageClient.signedIn(port, user).get("/releases").body())
          .as(user).contains("href=\"/audit\"");
    }
    for (String user : List.of("erin", "bob", "carol", "dave", "grace")) {
      org.assertj.core.api.Assertions.assertThat(PageClient.signedIn(port, user).get("/releases").body())
          .as(user).doesNotContain("href=\"/audit\"");
    }
  }

  private static PageClient.Page call(PageClient session, String method, String path) {
    // POSTs carry nothing to do: an empty form is refused by the page itself (400, or a redirect with the problem)
    return method.equals("GET") ? session.get(path) : session.post(path, Map.of());
  }

  private Set<String> servedRoutes() {
    Set<String> routes = new TreeSet<>();
    mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().forEach(pattern -> {
      if (pattern.equals("/") || OWN_PREFIXES.stream().anyMatch(pattern::startsWith)) {
        info.getMethodsCondition().getMethods().forEach(m -> routes.add(m.name() + " " + pattern));
      }
    }));
    return routes;
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (String line : MATRIX.strip().split("\n")) {
      String[] cells = line.split("\\|");
      String first = cells[1].strip();
      if (first.equals("route") || first.startsWith("---")) {
        continue;
      }
      String[] methodAndRoute = first.split("\\s+");
      String allowed = cells[2].strip();
      String refusal = cells[3].strip();
      Set<String> groups = new TreeSet<>();
      if (!allowed.startsWith("everyone")) {
        for (String group : allowed.split(",")) {
          groups.add(group.strip());
        }
      }
      rows.add(new Row(methodAndRoute[0], methodAndRoute[1], groups, allowed.startsWith("everyone"),
          allowed.equals("everyone"), refusal.isEmpty() ? 0 : Integer.parseInt(refusal)));
    }
    return rows;
  }
}
