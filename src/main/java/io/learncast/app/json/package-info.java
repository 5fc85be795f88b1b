/**
 * JSON documents the app's parts share (the HTTP service and the dashboard): small records written by Jackson, field names and
 * order as users and scripts read them. A document one command or route prints alone is a record next to it.
 */
package io.learncast.app.json;
