/** What a run produces: its outcome, curve, summary numbers and provenance. */
package io.learncast.farm.result;
