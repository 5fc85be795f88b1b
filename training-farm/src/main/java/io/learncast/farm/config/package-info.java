/** Run configurations: the full description of one training run, its hashes and derived quantities. */
package io.learncast.farm.config;
