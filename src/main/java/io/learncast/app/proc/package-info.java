/**
 * Child JVMs for the multi-process tests and the fault bench: {@link io.learncast.app.proc.Proc} runs the
 * learncast command (or any main class) on this process's class path and collects its output;
 * {@link io.learncast.app.proc.ShareChild} holds or reads a shared store folder from another process.
 */
package io.learncast.app.proc;
