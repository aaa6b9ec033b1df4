/** Looking back: the post-release review of a completed release and the post-mortem of a rolled-back one. */
package org.relman.review;
