/**
 * The HTTP JSON query service ({@code learncast serve}): forecasts, runs, the active model and health,
 * on the JDK's built-in HTTP server. Request fields are parsed into typed values and bound as
 * parameters; no SQL is ever built from request text.
 */
package io.learncast.app.service;
