/** The hash-chained audit trail: every state change of a release, appended in the transaction that made it. */
package org.relman.audit;
