/**
 * The property library: task specifications, deterministic datasets with train/test splits and
 * label noise, and properties (task + metric + threshold) evaluated on learning curves.
 */
package io.learncast.data;
