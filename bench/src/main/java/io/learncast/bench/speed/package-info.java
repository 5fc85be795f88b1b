/**
 * The speed benchmark behind {@code bench/speed}: learncast's fast trainer, its DL4J reference and
 * PyTorch ({@code bench/torch_reference.py}) on the standard workloads, side by side; farm throughput
 * with 1 and 2 worker threads; resident memory over many consecutive runs.
 */
package io.learncast.bench.speed;
