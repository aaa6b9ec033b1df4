package org.relman.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.operaton.bpm.engine.authorization.Permissions;
import org.operaton.bpm.engine.authorization.Resources;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.User;
import org.operaton.bpm.engine.impl.identity.db.DbGroupQueryImpl;
import org.operaton.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.operaton.bpm.engine.impl.identity.db.DbUserQueryImpl;
import org.operaton.bpm.engine.impl.persistence.entity.GroupEntity;
import org.operaton.bpm.engine.impl.persistence.entity.UserEntity;

/**
 * The engine's identity with LDAP in front: people and their memberships in relman's roles come from the directory
 * (read-only); the engine's own tables still hold the roles themselves (groups) and what relman creates itself (the
 * workers' technical user, the administrator from configuration, the demo users). Reads ask the directory first, then the tables; writes go to the tables only, so
 * nothing relman or Operaton Admin does changes the directory. One instance per engine command (a session).
 */
class LdapIdentityProvider extends DbIdentityServiceProvider {

  private final LdapDirectory directory;

  LdapIdentityProvider(LdapDirectory directory) {
    this.directory = directory;
  }

  @Override
  public UserEntity findUserById(String userId) {
    Optional<LdapDirectory.Person> person = directory.person(userId);
    return person.isPresent() ? user(person.get()) : super.findUserById(userId);
  }

  @Override
  public boolean checkPassword(String userId, String password) {
    if (directory.person(userId).isPresent()) {
      return directory.checkPassword(userId, password);
    }
    return super.checkPassword(userId, password);
  }


  @Override
  public List<User> findUserByQueryCriteria(DbUserQueryImpl query) {
    Map<String, User> users = new LinkedHashMap<>();
    for (User user : directoryUsers(query)) {
      users.put(user.getId(), user);
    }
    for (User user : withoutPaging(query, () -> super.findUserByQueryCriteria(query))) {
      users.putIfAbsent(user.getId(), user);
    }
    return page(new ArrayList<>(users.values()), query.getFirstResult(), query.getMaxResults());
  }

  @Override
  public long findUserCountByQueryCriteria(DbUserQueryImpl query) {
    return findUserByQueryCriteria(unpaged(query)).size();
  }

  @Override
  public List<Group> findGroupByQueryCriteria(DbGroupQueryImpl query) {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Group group : directoryGroups(query)) {
      groups.put(group.getId(), group);
    }
    for (Group group : withoutPaging(query, () -> super.findGroupByQueryCriteria(query))) {
      groups.putIfAbsent(group.getId(), group);
    }
    return page(new ArrayList<>(groups.values()), query.getFirstResult(), query.getMaxResults());
  }

  @Override
  public long findGroupCountByQueryCriteria(DbGroupQueryImpl query) {
    return findGroupByQueryCriteria(unpaged(query)).size();
  }

  // ---------------------------------------------------------------------------------------------- the directory's part

  private List<User> directoryUsers(DbUserQueryImpl query) {
    if (query.getTenantId() != null) {
      return List.of();
    }
    List<LdapDirectory.Person> people = query.getId() != null
        ? directory.person(query.getId()).map(List::of).orElse(List.of())
        : directory.people();
    Predicate<LdapDirectory.Person> matches = person -> (query.getIds() == null
        || Arrays.asList(query.getIds()).contains(person.id()))
        && equalsOrLike(person.firstName(), query.getFirstName(), query.getFirstNameLike())
        && equalsOrLike(person.lastName(), query.getLastName(), query.getLastNameLike())
        && equalsOrLike(person.email(), query.getEmail(), query.getEmailLike());
    if (query.getGroupId() != null) {
      var role = directory.roles().stream().filter(r -> r.id().equals(query.getGroupId())).findFirst();
      matches = matches.and(person -> role.isPresent() && role.get().members().contains(person.dn()));
    }
    return people.stream().filter(matches).filter(person -> readable(Resources.USER, person.id()))
        .map(LdapIdentityProvider::user).map(User.class::cast).toList();
  }

  /**
   * The roles the directory gives a person, for a query about a person's groups. relman's roles themselves are the
   * engine's groups, created in its tables at start-up ({@link IdentityBootstrap}); the directory adds memberships.
   */
  private List<Group> directoryGroups(DbGroupQueryImpl query) {
    if (query.getTenantId() != null || query.getUserId() == null) {
      return List.of();
    }
    List<LdapDirectory.Role> roles = directory.roles();
    Predicate<LdapDirectory.Role> matches = role -> (query.getId() == null || query.getId().equals(role.id()))
        && (query.getIds() == null || Arrays.asList(query.getIds()).contains(role.id()))
        && equalsOrLike(role.name(), query.getName(), query.getNameLike())
        && (query.getType() == null || query.getType().equals(GROUP_TYPE));
    if (query.getUserId() != null) {
      Optional<LdapDirectory.Person> person = directory.person(query.getUserId());
      matches = matches.and(role -> person.isPresent() && role.members().contains(person.get().dn()));
    }
    return roles.stream().filter(matches).filter(role -> readable(Resources.GROUP, role.id()))
        .map(LdapIdentityProvider::group).map(Group.class::cast).toList();
  }

  private static final String GROUP_TYPE = "WORKFLOW";

  private boolean readable(Resources resource, String id) {
    return getAuthorizationManager().isAuthorized(Permissions.READ, resource, id);
  }

  private static UserEntity user(LdapDirectory.Person person) {
    UserEntity user = new UserEntity(person.id());
    user.setFirstName(person.firstName());
    user.setLastName(person.lastName());
    user.setEmail(person.email());
    return user;
  }

  private static GroupEntity group(LdapDirectory.Role role) {
    GroupEntity group = new GroupEntity(role.id());
    group.setName(role.name());
    group.setType(GROUP_TYPE);
    return group;
  }

  /** SQL's {@code LIKE} with {@code %} as the engine's queries use it, and plain equality. */
  private static boolean equalsOrLike(String value, String equal, String like) {
    if (equal != null && !equal.equals(value)) {
      return false;
    }
    if (like != null) {
      if (value == null) {
        return false;
      }
      String pattern = java.util.regex.Pattern.quote(like).replace("%", "\\E.*\\Q").replace("_", "\\E.\\Q");
      return value.toLowerCase(java.util.Locale.ROOT).matches(pattern.toLowerCase(java.util.Locale.ROOT));
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------- paging over both

  private static <Q extends org.operaton.bpm.engine.impl.AbstractQuery<?, ?>, T> List<T> withoutPaging(Q query,
      java.util.function.Supplier<List<T>> read) {
    int first = query.getFirstResult();
    int max = query.getMaxResults();
    query.setFirstResult(0);
    query.setMaxResults(Integer.MAX_VALUE);
    try {
      return read.get();
    } finally {
      query.setFirstResult(first);
      query.setMaxResults(max);
    }
  }

  private static <Q extends org.operaton.bpm.engine.impl.AbstractQuery<?, ?>> Q unpaged(Q query) {
    query.setFirstResult(0);
    query.setMaxResults(Integer.MAX_VALUE);
    return query;
  }

  private static <T> List<T> page(List<T> all, int first, int max) {
    if (first >= all.size()) {
      return List.of();
    }
    long end = Math.min(all.size(), (long) first + max);
    return all.subList(first, (int) end);
  }
}
