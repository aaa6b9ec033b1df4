/** How risky a release is: facts about it, the DMN risk policy the process owner edits, and what that asks for. */
package org.relman.risk;
