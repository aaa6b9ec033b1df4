package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.relman.RelmanProperties;

/** The directory's failures: an unreachable one knows nobody (and says so in the log); a bad configuration stops the start. */
class LdapDirectoryTest {

  private static RelmanProperties.Ldap settings(String url, Map<String, String> roleMapping) {
    return new RelmanProperties.Ldap(true, url, "dc=acme,dc=org", null, null, "ou=people", "uid", "inetOrgPerson",
        "ou=groups", "cn", "groupOfNames", "member", roleMapping);
  }

  @Test
  void anUnreachableDirectoryKnowsNobodyInsteadOfFailingEverySignIn() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    LdapDirectory directory = new LdapDirectory(settings("ldap://127.0.0.1:" + closed, Map.of()));

    assertThat(directory.person("leo")).isEmpty();
    assertThat(directory.checkPassword("leo", "leo")).isFalse();
    assertThat(directory.people()).isEmpty();
    assertThat(directory.roles()).isEmpty();
  }

  @Test
  void aMappingToSomethingThatIsNotARoleOrAMissingUrlStopsTheStart() {
    assertThatThrownBy(() -> new LdapDirectory(settings("ldap://127.0.0.1:389", Map.of("admins", "root"))))
        .hasMessageContaining("'root', which is not a role");
    assertThatThrownBy(() -> new LdapDirectory(settings(" ", Map.of())))
        .hasMessageContaining("relman.security.ldap.url");
  }
}
