/** The training farm: run configs, grids, the run store, trainers and workers. */
package io.learncast.farm;
