/** relman: release manager in a box; one package per capability below this one. */
package org.relman;
