/** The go/no-go decision: a release manager's written call, taken on the gates, the risk and the approvals. */
package org.relman.decision;
