/** The change set of a release: the commits between its two git refs, read with JGit. */
package org.relman.change;
