package org.relman.cli;

import java.util.Set;

/** {@code relman status}: the release's status on standard output, or with {@code --output json} its whole view. */
final class StatusCommand {

  static final Set<String> OPTIONS = Set.of("release", "version", "output");

  private StatusCommand() {}

  static int run(Relman.Context context) {
    ReleaseRef release = ReleaseRef.of(context.args());
    String output = Relman.output(context.args());
    long id = release.id(context.client());
    Client.Response view = Client.expectOk(context.client().get("/api/releases/" + id), "reading release " + id);
    context.out().println(output.equals("json") ? view.body() : Json.text(view.json(), "status"));
    return Exit.OK.code;
  }
}
