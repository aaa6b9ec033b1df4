package org.relman.cli;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code relman callback}: a webhook deploy target reports what its deployment did. The callback goes to the
 * {@code callbackUrl} relman sent ({@code --callback-url}), or to the release's callback path built from
 * {@code --release}/{@code --version} and {@code --environment}; signed with the environment's secret.
 */
final class CallbackCommand {

  static final Set<String> OPTIONS = Set.of("callback-url", "release", "version", "environment", "deployment-id",
      "status", "details");

  private CallbackCommand() {}

  static int run(Relman.Context context) {
    Args args = context.args();
    String deploymentId = args.required("deployment-id", "the deploymentId of relman's deploy request");
    String status = args.required("status", "SUCCEEDED or FAILED").toUpperCase(Locale.ROOT);
    if (!status.equals("SUCCEEDED") && !status.equals("FAILED")) {
      throw Exit.USAGE.fail("--status must be SUCCEEDED or FAILED, got '" + args.one("status") + "'");
    }
    URI target;
    String what;
    String callbackUrl = args.one("callback-url");
    if (callbackUrl != null) {
      if (args.one("release") != null || args.one("version") != null || args.one("environment") != null) {
        throw Exit.USAGE.fail("give either --callback-url or --release/--version with --environment, not both");
      }
      target = Relman.httpUrl("--callback-url", callbackUrl);
      what = "the callback " + target.getRawPath();
    } else {
      ReleaseRef release = ReleaseRef.of(args);
      String environment = args.required("environment", "the environment deployed to, e.g. production");
      target = context.client().uri(release.webhookPath("deployments/" + environment));
      what = "the deployment of " + release + " to " + environment;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deploymentId", deploymentId);
    body.put("status", status);
    if (args.one("details") != null) {
      body.put("details", args.one("details"));
    }
    Client.Response answer = Client.expectOk(context.client().signedPost(target, body), "reporting " + what);
    context.err().println("Reported " + what + " " + status + " (deployment " + deploymentId + ", release "
        + Json.text(answer.json(), "release") + ")");
    return Exit.OK.code;
  }
}
