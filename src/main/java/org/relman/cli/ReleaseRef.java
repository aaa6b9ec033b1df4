package org.relman.cli;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which release a command is about: {@code --release <id>} or {@code --version <version>}. Webhooks name it in their
 * path either way (by version: {@code /api/releases/by-version/<version>/...}, no API credentials needed); API calls
 * look a version up with {@code GET /api/releases?version=}.
 */
record ReleaseRef(Long id, String version) {

  static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  static ReleaseRef of(Args args) {
    String id = args.one("release");
    String version = args.one("version");
    if ((id == null) == (version == null)) {
      throw Exit.USAGE.fail("name the release with --release <id> or --version <version> (one of them)");
    }
    if (version != null) {
      if (!VERSION.matcher(version).matches()) {
        throw Exit.USAGE.fail("--version must match [A-Za-z0-9._-]{1,64}, got '" + version + "'");
      }
      return new ReleaseRef(null, version);
    }
    Long number = args.number("release", 1);
    return new ReleaseRef(number, null);
  }

  /** The path of a webhook about this release: {@code /api/releases/<id>/<rest>} or the by-version one. */
  String webhookPath(String rest) {
    return id != null ? "/api/releases/" + id + "/" + rest : "/api/releases/by-version/" + version + "/" + rest;
  }

  /** The release's id, looked up by version when the command was given one. */
  long id(Client client) {
    if (id != null) {
      return id;
    }
    Client.Response found = Client.expectOk(client.get("/api/releases?version=" + version), "finding release " + version);
    List<?> items = Json.list(found.json(), "items");
    if (items.isEmpty()) {
      throw Exit.REFUSED.fail("no release has version " + version);
    }
    return Long.parseLong(Json.text(items.get(0), "id"));
  }

  @Override
  public String toString() {
    return id != null ? "release " + id : "release " + version;
  }
}
