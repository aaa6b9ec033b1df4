/**
 * relman's command line for CI and deploy tooling: request a release, report a gate, wait for a release, answer a
 * deployment callback. Plain JDK (java.net.http, javax.crypto) and no Spring, so it starts in a blink and ships as a
 * jar of its own (target/cli/relman-cli.jar, docs/reference/cli.md); nothing else in relman depends on it.
 */
package org.relman.cli;
