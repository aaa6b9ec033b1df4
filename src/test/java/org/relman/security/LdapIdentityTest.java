package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertProblem;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.User;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.WebappSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * LDAP as the engine's identity, against a real directory server started here (UnboundID, in memory): directory people
 * sign in on the API (Basic), the pages (form login) and {@code /engine-rest}; their directory groups are their roles
 * (mapped, or by name); four eyes holds; the engine's own users (the demo users here) still sign in.
 */
class LdapIdentityTest extends RelmanTestBase {

  private static final String BASE = "dc=acme,dc=org";
  private static InMemoryDirectoryServer directory;

  @DynamicPropertySource
  static void directory(DynamicPropertyRegistry registry) throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.addAdditionalBindCredentials("cn=relman," + BASE, "manager-secret");
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    directory = new InMemoryDirectoryServer(config);
    directory.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: acme");
    directory.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
    directory.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
    // password = user name, as for the demo users, so the tests' Api signs in as them
    for (String[] person : new String[][] {{"leo", "Leo", "Larsen"}, {"lena", "Lena", "Lind"}, {"lou", "Lou", "Lam"}}) {
      directory.add("dn: uid=" + person[0] + ",ou=people," + BASE, "objectClass: inetOrgPerson", "uid: " + person[0],
          "cn: " + person[1] + " " + person[2], "givenName: " + person[1], "sn: " + person[2],
          "mail: " + person[0] + "@acme.org", "userPassword: " + person[0]);
    }
    directory.add("dn: cn=relman-rm,ou=groups," + BASE, "objectClass: groupOfNames", "cn: relman-rm",
        "member: uid=leo,ou=people," + BASE, "member: uid=lena,ou=people," + BASE);
    directory.add("dn: cn=engineers,ou=groups," + BASE, "objectClass: groupOfNames", "cn: engineers",
        "member: uid=lou,ou=people," + BASE);
    directory.add("dn: cn=coffee-club,ou=groups," + BASE, "objectClass: groupOfNames", "cn: coffee-club",
        "member: uid=lou,ou=people," + BASE, "member: uid=leo,ou=people," + BASE);
    directory.startListening();

    registry.add("relman.security.ldap.enabled", () -> "true");
    registry.add("relman.security.ldap.url", () -> "ldap://127.0.0.1:" + directory.getListenPort());
    registry.add("relman.security.ldap.base-dn", () -> BASE);
    registry.add("relman.security.ldap.manager-dn", () -> "cn=relman," + BASE);
    registry.add("relman.security.ldap.manager-password", () -> "manager-secret");
    registry.add("relman.security.ldap.role-mapping.relman-rm", () -> "release-managers");
  }

  @AfterAll
  static void stop() {
    directory.shutDown(true);
  }

  @Test
  void directoryPeopleSignInOnTheApiWithTheRolesOfTheirGroups() {
    String freeze = "{\"name\":\"LDAP freeze\",\"start\":\"2094-01-01T00:00:00Z\",\"end\":\"2094-01-02T00:00:00Z\","
        + "\"services\":[\"ldap-" + System.nanoTime() + "\"]}";

    assertThat(api("lou").get("/api/releases").status()).isEqualTo(200);
    assertProblem(api("lou").post("/api/freezes", freeze), 403);
    Api.Response byManager = api("leo").post("/api/freezes", freeze);
    assertThat(byManager.status()).as("%s", byManager).isEqualTo(201);
    assertThat(jdbc.queryForObject("SELECT created_by FROM freezes WHERE id = ?", String.class,
        byManager.json().path("id").asLong())).isEqualTo("leo");
    assertProblem(basic("leo", "wrong"), 401);
    assertProblem(basic("leo", ""), 401);
    assertProblem(basic("LEO", "leo"), 401);
    // the engine's own users sign in as before
    assertThat(api("frank").get("/api/releases").status()).isEqualTo(200);
  }

  @Test
  void theEngineSeesDirectoryPeopleAndTheirRolesBesideItsOwnUsers() {
    assertThat(identityService.createGroupQuery().groupMember("leo").list()).extracting(Group::getId)
        .containsExactly("release-managers");
    assertThat(identityService.createGroupQuery().groupMember("lou").list()).extracting(Group::getId)
        .containsExactly("engineers");
    assertThat(identityService.createUserQuery().memberOfGroup("release-managers").list()).extracting(User::getId)
        .contains("leo", "lena", "alice", "rita").doesNotContain("lou");
    assertThat(identityService.createUserQuery().userId("lena").singleResult().getEmail()).isEqualTo("lena@acme.org");
    assertThat(identityService.checkPassword("lena", "lena")).isTrue();
    assertThat(identityService.checkPassword("alice", "alice")).isTrue();
  }

  @Test
  void fourEyesHoldsForDirectoryPeopleOnTheApiAndInTasklist() {
    long id = requestRelease("lena", releaseRequest(version("ldap"), repository(2), pastStart()));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    String task = task(id, "go-no-go").getId();

    Api.Response own = complete("lena", task, Map.of("decision", "GO", "reasoning", "I asked for it, I approve it"));
    var lenasTasklist = WebappSession.login(port, "tasklist", "lena", "lena");
    var ownInTasklist = lenasTasklist.session().postJson("/api/engine/engine/default/task/" + task + "/submit-form",
        "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"I asked for it, I approve it\"}}}");

    assertThat(assertProblem(own, 403).path("detail").asText()).contains("Four eyes");
    assertThat(lenasTasklist.status()).as("lena signs in to Tasklist with her directory password").isEqualTo(200);
    assertThat(ownInTasklist.statusCode()).as("%s", ownInTasklist.body()).isEqualTo(403);

    var leosTasklist = WebappSession.login(port, "tasklist", "leo", "leo").session();
    var other = leosTasklist.postJson("/api/engine/engine/default/task/" + task + "/submit-form",
        "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"Gates green, someone else decides\"}}}");
    assertThat(other.statusCode()).as("%s", other.body()).isEqualTo(204);
    assertThat(status(id)).isEqualTo("SCHEDULED");
    assertThat(release(id).path("approvals").get(0).path("by").asText()).isEqualTo("leo");
  }

  @Test
  void directoryPeopleSignInToThePagesAndToTheEngineRestApi() throws Exception {
    HttpClient manager = formLogin("leo", "leo");
    HttpClient engineer = formLogin("lou", "lou");

    assertThat(page(manager, "/audit").statusCode()).isNotIn(302, 401, 403);
    assertThat(page(engineer, "/audit").statusCode()).isEqualTo(403);
    HttpResponse<String> tasks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api(null).base()
        + "/engine-rest/task")).header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
        "leo:leo".getBytes(StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tasks.statusCode()).as("%s", tasks.body()).isEqualTo(200);
  }

  private Api.Response basic(String user, String password) {
    return api(null).send(api(null).request("/api/releases").header("Authorization", "Basic "
        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).GET());
  }

  private HttpClient formLogin(String user, String password) throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> form = page(browser, "/login");
    Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(csrf.find()).as("the login form has a CSRF token: %s", form.body()).isTrue();
    String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1),
        StandardCharsets.UTF_8);
    HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(api(null).base() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).isEqualTo(302);
    assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/releases"));
    return browser;
  }

  private HttpResponse<String> page(HttpClient browser, String path) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(api(null).base() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
