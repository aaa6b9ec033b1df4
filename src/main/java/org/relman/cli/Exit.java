package org.relman.cli;

/**
 * The CLI's exit codes (docs/reference/cli.md). A CI step branches on them: whether relman refused the request (fix
 * the request), could not be reached (try again later), or the release did not get where the step waited for it.
 */
enum Exit {
  /** Done: the request was accepted, or the release reached what {@code wait} waited for. */
  OK(0),
  /** Something unexpected inside the CLI itself (a bug): the message says what. */
  INTERNAL(1),
  /** Wrong command line: an unknown command or option, a missing or malformed value. Nothing was sent. */
  USAGE(2),
  /** relman answered 4xx: refused (bad input, unknown release, bad signature, not allowed, a conflict). */
  REFUSED(3),
  /** relman could not be reached, or answered 5xx. */
  UNAVAILABLE(4),
  /** {@code wait}: the release did not get there within {@code --timeout}. */
  TIMEOUT(5),
  /** {@code wait}: the release ended, or took a turn, from which it can no longer get there (cancelled, say). */
  NEVER(6);

  final int code;

  Exit(int code) {
    this.code = code;
  }

  /** Ends a command with this exit code and a message for the person reading the CI log. */
  Failure fail(String message) {
    return new Failure(this, message);
  }

  /** A command that ends with an exit code other than {@link #OK}. */
  static final class Failure extends RuntimeException {

    final Exit exit;

    Failure(Exit exit, String message) {
      super(message, null, false, false);
      this.exit = exit;
    }
  }
}
