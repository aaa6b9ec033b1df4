/** The seam to the workflow engine: model conventions, the engine plugin, and the external-task workers. */
package org.relman.process;
