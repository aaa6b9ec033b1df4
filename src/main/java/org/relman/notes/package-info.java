/** Release notes: drafted from a release's change set while it runs, frozen per audience when it ends. */
package org.relman.notes;
