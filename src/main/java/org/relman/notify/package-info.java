/**
 * Notifications at a release's milestones, by e-mail, Slack-compatible webhooks and Microsoft Teams, through an outbox
 * sent after commit.
 */
package org.relman.notify;
