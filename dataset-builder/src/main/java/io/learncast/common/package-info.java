/**
 * The few types every module shares: user-facing errors, hashing, seed derivation and the code version.
 * They live in the lowest module so that nothing above has to depend sideways.
 */
package io.learncast.common;
