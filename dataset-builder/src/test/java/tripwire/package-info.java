/** A test-only package outside {@code io.learncast}: what the allow-list must refuse. */
package tripwire;
