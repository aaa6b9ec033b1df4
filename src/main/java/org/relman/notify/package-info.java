/** Notifications at a release's milestones, by e-mail and Slack-compatible webhooks, through an outbox sent after commit. */
package org.relman.notify;
