/** Deploying and rolling back a release in an environment, with the deployers that touch the real target. */
package org.relman.deploy;
