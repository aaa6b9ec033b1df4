/**
 * relman's own web pages: the board, a release, requesting one, my tasks, the calendar, what runs where, DORA and the
 * audit log, server-rendered with Thymeleaf and htmx, every asset served by relman.
 */
package org.relman.web;
