/** The release aggregate: what a release is, its status, how it is stored, and the events that say what happened to it. */
package org.relman.release;
