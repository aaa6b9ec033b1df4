package org.relman.change;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which repository URLs a release may name ({@code relman.git.allowed-urls}), checked before relman touches the disk
 * or the network: a URL outside the list gets one refusal, whether or not something exists there, so the answer tells
 * a requester nothing about the server. Credentials never belong in a repository URL (it is stored, shown and audited);
 * a URL that carries them is refused without being repeated.
 *
 * <p>Patterns are globs: {@code *} matches within one path segment (not across {@code / : @ ? #}), {@code **} across
 * segments. A local path, or a {@code file:} URL, is matched as the absolute, normalised path it names, against the
 * patterns that are paths (a {@code file:} pattern counts as its path). Remote URLs are matched as written, and one
 * with a {@code ..} segment is refused: it would reach outside the directory its pattern names.
 */
final class AllowedUrls {

  /** The one answer for a URL outside the allowed list: the same whether or not anything exists there. */
  static final String NOT_ALLOWED = "is not a repository relman may read; an operator lists the repositories releases"
      + " may name in relman.git.allowed-urls";
  /** The answer for a URL with a password or token in it; the URL is not repeated. */
  static final String CREDENTIALS = "must not contain credentials (they would be stored and shown with the release):"
      + " relman signs in with relman.git.credentials (https) or relman.git.ssh (ssh)";

  /** In demo mode, unset: any local path, no remote. */
  private static final List<String> DEMO_DEFAULT = List.of("/**");
  private static final Pattern SCP_LIKE = Pattern.compile("^([^/\\s@]+)@[^/\\s]+:.*");
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://(.*)$");
  private static final Pattern DOT_DOT = Pattern.compile("(^|[/:\\\\])\\.\\.([/\\\\]|$)");

  private final List<Pattern> pathPatterns = new ArrayList<>();
  private final List<Pattern> urlPatterns = new ArrayList<>();

  AllowedUrls(List<String> patterns, boolean demo) {
    for (String pattern : patterns.isEmpty() && demo ? DEMO_DEFAULT : patterns) {
      String given = pattern.strip();
      if (given.isEmpty()) {
        continue;
      }
      Optional<String> path = localPath(given);
      if (path.isPresent()) {
        pathPatterns.add(glob(path.get().replaceAll("/{2,}", "/")));
      } else {
        urlPatterns.add(glob(given));
      }
    }
  }

  /** Why {@code url} may not be read ({@link #CREDENTIALS} or {@link #NOT_ALLOWED}); empty when it may. */
  Optional<String> refusal(String url) {
    String given = url.strip();
    if (given.isEmpty() || given.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return Optional.of(NOT_ALLOWED);
    }
    if (hasCredentials(given)) {
      return Optional.of(CREDENTIALS);
    }
    Optional<String> path = localPath(given);
    if (path.isPresent()) {
      String candidate = absolute(path.get());
      return candidate != null && pathPatterns.stream().anyMatch(p -> p.matcher(candidate).matches())
          ? Optional.empty() : Optional.of(NOT_ALLOWED);
    }
    if (given.indexOf('\\') >= 0 || DOT_DOT.matcher(decoded(given)).find()) {
      return Optional.of(NOT_ALLOWED);
    }
    return urlPatterns.stream().anyMatch(p -> p.matcher(given).matches()) ? Optional.empty() : Optional.of(NOT_ALLOWED);
  }

  /**
   * A password or token in the URL: any user info of an http(s), git or file URL (a token often stands where the user
   * name goes), and a password of an ssh URL ({@code ssh://git@host/...} and {@code git@host:path} name only a user).
   */
  static boolean hasCredentials(String url) {
    var scheme = SCHEME.matcher(url);
    if (scheme.matches()) {
      String rest = scheme.group(2);
      int end = rest.length();
      for (char stop : new char[] {'/', '?', '#'}) {
        int at = rest.indexOf(stop);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      String authority = rest.substring(0, end);
      int at = authority.lastIndexOf('@');
      if (at < 0) {
        return false;
      }
      String name = scheme.group(1).toLowerCase(java.util.Locale.ROOT);
      boolean ssh = name.equals("ssh") || name.equals("git+ssh") || name.equals("ssh+git");
      return !ssh || authority.substring(0, at).contains(":");
    }
    int at = url.indexOf('@');
    int colon = url.indexOf(':');
    // user:password@host:path, the scp-like form with a password
    return at > 0 && colon >= 0 && colon < at && !url.startsWith("/") && !url.startsWith("file:");
  }

  /** The path a local path or {@code file:} URL names; empty for a remote URL. */
  private static Optional<String> localPath(String url) {
    if (url.startsWith("file://")) {
      String rest = url.substring("file://".length());
      if (rest.startsWith("localhost/")) {
        rest = rest.substring("localhost".length());
      }
      return rest.startsWith("/") ? Optional.of(decoded(rest)) : Optional.empty();
    }
    if (url.startsWith("file:")) {
      return Optional.of(decoded(url.substring("file:".length())));
    }
    if (SCHEME.matcher(url).matches() || SCP_LIKE.matcher(url).matches()) {
      return Optional.empty();
    }
    return Optional.of(url);
  }

  private static String absolute(String path) {
    try {
      return Path.of(path).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static String decoded(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** {@code **} any characters; {@code *} any within a segment; {@code ?} one such character; the rest literally. */
  static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/:@?#\\\\]*");
      } else if (c == '?') {
        regex.append("[^/:@?#\\\\]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
