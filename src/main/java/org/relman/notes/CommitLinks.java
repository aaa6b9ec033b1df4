package org.relman.notes;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a commit of a repository can be read in a browser, for the git hosts whose web URLs are known: GitHub, GitLab,
 * Bitbucket and Gitea/Forgejo (Codeberg). The repository URL may be {@code https://}, {@code http://},
 * {@code ssh://} or scp-like {@code git@host:owner/repo.git}; credentials in it are never carried into a link. Local
 * paths, {@code file://} and unknown hosts have no web URL: the notes then show the plain short sha.
 */
public final class CommitLinks {

  /** scp-like syntax: {@code [user@]host:path}, the path not starting with a slash (that would be a local path). */
  /** A segment of a repository path on a git host: letters, digits, dot, dash, underscore. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/:]+@)?([A-Za-z0-9.-]+):(?!/)(.+)$");

  /** The kinds of git host relman knows the commit URL of. */
  enum Host {
    GITHUB("/commit/"), GITLAB("/-/commit/"), BITBUCKET("/commits/"), GITEA("/commit/");

    private final String commitPath;

    Host(String commitPath) {
      this.commitPath = commitPath;
    }

    /**
     * The kind of a host name: the public services, and self-hosted instances named after their software
     * ({@code gitlab.example.org}, {@code gitea.example.org}, {@code github.example.org} for GitHub Enterprise).
     */
    static Optional<Host> of(String host) {
      if (host.equals("github.com") || host.startsWith("github.")) {
        return Optional.of(GITHUB);
      }
      if (host.equals("gitlab.com") || host.startsWith("gitlab.")) {
        return Optional.of(GITLAB);
      }
      if (host.equals("bitbucket.org")) {
        return Optional.of(BITBUCKET);
      }
      if (host.equals("codeberg.org") || host.equals("gitea.com") || host.startsWith("gitea.") || host.startsWith("forgejo.")) {
        return Optional.of(GITEA);
      }
      return Optional.empty();
    }
  }

  private final Host host;
  private final String webBase;

  private CommitLinks(Host host, String webBase) {
    this.host = host;
    this.webBase = webBase;
  }

  /** The links of a repository, or nothing when its commits have no known web page. */
  public static Optional<CommitLinks> of(String repositoryUrl) {
    if (repositoryUrl == null || repositoryUrl.isBlank()) {
      return Optional.empty();
    }
    String url = repositoryUrl.strip();
    String hostName;
    String port = "";
    String path;
    Matcher scp = SCP_LIKE.matcher(url);
    if (url.contains("://")) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("ssh") && !scheme.equals("git")
          && !scheme.equals("git+ssh")) {
        return Optional.empty();
      }
      if (uri.getHost() == null || uri.getRawPath() == null) {
        return Optional.empty();
      }
      hostName = uri.getHost();
      // a web port belongs to the web address; an ssh or git port does not
      if (uri.getPort() > 0 && (scheme.equals("https") || scheme.equals("http")) && uri.getPort() != 443) {
        port = ":" + uri.getPort();
      }
      path = uri.getRawPath();
    } else if (scp.matches()) {
      hostName = scp.group(1);
      path = scp.group(2);
    } else {
      return Optional.empty();
    }
    hostName = hostName.toLowerCase(Locale.ROOT);
    Optional<Host> kind = Host.of(hostName);
    String repo = repositoryPath(path);
    if (kind.isEmpty() || repo == null) {
      return Optional.empty();
    }
    return Optional.of(new CommitLinks(kind.get(), "https://" + hostName + port + "/" + repo));
  }

  /** {@code owner/repo} (GitLab: {@code group/subgroup/repo}) without a leading slash, trailing slash or {@code .git}. */
  private static String repositoryPath(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.endsWith(".git")) {
      p = p.substring(0, p.length() - 4);
    }
    // owner and repository at least, and no empty or dot segment that would make a link point elsewhere
    String[] segments = p.split("/");
    if (segments.length < 2) {
      return null;
    }
    for (String segment : segments) {
      // names as git hosts allow them; anything else (a parenthesis, a bracket) could end or start a Markdown link
      if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
        return null;
      }
    }
    return p;
  }

  /** The web page of the commit. */
  public String commit(String sha) {
    return webBase + host.commitPath + sha;
  }

  /** The repository's web page. */
  public String repository() {
    return webBase;
  }
}
