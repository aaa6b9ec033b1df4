/** Evidence bundles: everything an auditor asks about one release, in one export that is itself audited. */
package org.relman.evidence;
