package org.relman.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;

import org.relman.RelmanProperties;
import org.springframework.ldap.core.DirContextOperations;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.core.support.AbstractContextMapper;
import org.springframework.ldap.core.support.LdapContextSource;
import org.springframework.ldap.query.LdapQuery;
import org.springframework.ldap.query.LdapQueryBuilder;

/**
 * The LDAP directory as relman reads it (never writes): people, their password (a bind as them), and the groups that
 * map to relman's roles ({@code relman.security.ldap}). A directory group mapped to a role appears under the role's id
 * ({@code release-managers}), so candidate groups, grants and the role rules need no second set of names.
 */
final class LdapDirectory {

  /** A person in the directory. */
  record Person(String id, LdapName dn, String firstName, String lastName, String email) {}

  /** A relman role and the directory members of the groups mapped to it. */
  record Role(String id, String name, Set<LdapName> members) {}

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LdapDirectory.class);

  private final RelmanProperties.Ldap settings;
  private final LdapTemplate ldap;

  LdapDirectory(RelmanProperties.Ldap settings) {
    if (settings.url() == null || settings.url().isBlank() || settings.baseDn() == null || settings.baseDn().isBlank()) {
      throw new IllegalStateException("relman.security.ldap.enabled needs relman.security.ldap.url and"
          + " relman.security.ldap.base-dn (docs/guides/tokens-and-sso.md)");
    }
    settings.roleMapping().forEach((group, role) -> {
      if (!Roles.PEOPLE.contains(role)) {
        throw new IllegalStateException("relman.security.ldap.role-mapping maps '" + group + "' to '" + role
            + "', which is not a role; roles are " + Roles.PEOPLE);
      }
    });
    this.settings = settings;
    LdapContextSource source = new LdapContextSource();
    source.setUrl(settings.url());
    source.setBase(settings.baseDn());
    if (settings.managerDn() != null && !settings.managerDn().isBlank()) {
      source.setUserDn(settings.managerDn());
      source.setPassword(settings.managerPassword() == null ? "" : settings.managerPassword());
    } else {
      source.setAnonymousReadOnly(true);
    }
    source.afterPropertiesSet();
    this.ldap = new LdapTemplate(source);
    this.ldap.setIgnorePartialResultException(true);
  }

  Optional<Person> person(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    return unavailableAs(Optional.empty(), () -> ldap.search(inPeople().and(settings.userIdAttribute()).is(id),
        personMapper()).stream()
        // ids match as stored: the directory compares without case, relman does not (docs/security.md)
        .filter(p -> p.id().equals(id)).findFirst());
  }

  List<Person> people() {
    return unavailableAs(List.of(), () -> ldap.search(peopleQuery(), personMapper()));
  }

  /**
   * A directory that cannot be reached (or refuses relman's own bind) knows nobody: its people cannot sign in and have
   * no roles until it is back, while the engine's own users (the administrator, the workers) still sign in.
   */
  private <T> T unavailableAs(T nobody, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (org.springframework.ldap.NamingException e) {
      LOG.warn("LDAP directory {} cannot be read, so it knows nobody for now: {}", settings.url(), e.getMessage());
      return nobody;
    }
  }

  /** Whether {@code password} is the person's: a bind as them. An empty password would be an anonymous bind. */
  boolean checkPassword(String id, String password) {
    if (password == null || password.isEmpty() || person(id).isEmpty()) {
      return false;
    }
    try {
      ldap.authenticate(inPeople().and(settings.userIdAttribute()).is(id), password);
      return true;
    } catch (org.springframework.ldap.AuthenticationException | org.springframework.dao.DataAccessException e) {
      return false;
    }
  }

  /** relman's roles as the directory's groups give them, each with all members of the groups mapped to it. */
  List<Role> roles() {
    return unavailableAs(List.of(), this::readRoles);
  }

  private List<Role> readRoles() {
    Map<String, Role> roles = new LinkedHashMap<>();
    LdapQuery groups = LdapQueryBuilder.query().base(settings.groupSearchBase()).where("objectclass")
        .is(settings.groupObjectClass());
    ldap.search(groups, new AbstractContextMapper<Void>() {
      @Override
      protected Void doMapFromContext(DirContextOperations context) {
        String group = context.getStringAttribute(settings.groupIdAttribute());
        String role = role(group);
        if (role != null) {
          Role entry = roles.computeIfAbsent(role, r -> new Role(r, r, new HashSet<>()));
          entry.members().addAll(members(context.getAttributes().get(settings.groupMemberAttribute())));
        }
        return null;
      }
    });
    return new ArrayList<>(roles.values());
  }

  private String role(String group) {
    if (group == null) {
      return null;
    }
    String mapped = settings.roleMapping().get(group);
    String candidate = mapped != null ? mapped : group;
    return Roles.PEOPLE.contains(candidate) ? candidate : null;
  }

  private static Set<LdapName> members(Attribute attribute) {
    Set<LdapName> members = new HashSet<>();
    if (attribute == null) {
      return members;
    }
    try {
      NamingEnumeration<?> values = attribute.getAll();
      while (values.hasMore()) {
        try {
          members.add(new LdapName(String.valueOf(values.next())));
        } catch (InvalidNameException e) {
          // not a DN (e.g. an empty placeholder member): nobody
        }
      }
    } catch (NamingException e) {
      throw new IllegalStateException("cannot read the members of an LDAP group", e);
    }
    return members;
  }

  private org.springframework.ldap.query.ContainerCriteria inPeople() {
    return LdapQueryBuilder.query().base(settings.userSearchBase()).where("objectclass").is(settings.userObjectClass());
  }

  private LdapQuery peopleQuery() {
    return inPeople();
  }

  private AbstractContextMapper<Person> personMapper() {
    return new AbstractContextMapper<>() {
      @Override
      protected Person doMapFromContext(DirContextOperations context) {
        try {
          return new Person(context.getStringAttribute(settings.userIdAttribute()),
              new LdapName(context.getNameInNamespace()), context.getStringAttribute("givenName"),
              context.getStringAttribute("sn"), context.getStringAttribute("mail"));
        } catch (InvalidNameException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
