/**
 * The HTTP service: {@link io.learncast.app.service.WebServer} (Jetty 12 under Javalin 7: timeouts, connection
 * limit, bind address, bearer auth) and its route groups — the /v1 JSON API ({@code ApiRoutes}: forecasts, runs,
 * the active model, health), which {@code learncast serve} runs as {@link io.learncast.app.service.ForecastService}.
 * Request fields are parsed into typed values and bound as parameters; no SQL is ever built from request text,
 * and no file a request names is ever opened.
 */
package io.learncast.app.service;
