/** Decisions on a release: the go/no-go call with its reasoning, and (later) the approvals the risk policy asks for. */
package org.relman.approval;
