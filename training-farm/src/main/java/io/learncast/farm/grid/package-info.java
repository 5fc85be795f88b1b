/**
 * Grid specs: a sweep over size, hyperparameters, data and compute described in a YAML or JSON file,
 * validated field by field ({@code axes.width[2]: …}) and expanded into run configs by full grid,
 * random, Sobol or Latin-hypercube sampling.
 */
package io.learncast.farm.grid;
