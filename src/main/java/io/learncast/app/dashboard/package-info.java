/**
 * The live web dashboard ({@code learncast dashboard}): pages for the farm, the corpus, phase diagrams, forecasts,
 * the ledger and grow campaigns, served by the {@link io.learncast.app.service.WebServer} beside the /v1 API.
 * Charts are ECharts from its WebJar, served from the jar (no network); the front end is plain ES modules that
 * write every value with {@code textContent}. Aggregates are computed in the store ({@code Store.stats()}).
 * Access: {@link io.learncast.app.dashboard.DashboardAccess}.
 */
package io.learncast.app.dashboard;
