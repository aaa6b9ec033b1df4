/**
 * The approvals the risk policy asks for (QA sign-off, security review, change board), their escalation when overdue,
 * and the record of every decision taken on a release.
 */
package org.relman.approval;
