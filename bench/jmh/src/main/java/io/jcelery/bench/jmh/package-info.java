/**
 * JMH micro-benchmarks of the per-task codec work a worker does between the broker and the result
 * backend: decoding a task message, binding its arguments, encoding the result meta, compression
 * and kombu's Redis envelope. Run from {@code bench/jmh/target/benchmarks.jar}; nothing depends on
 * this package.
 */
package io.jcelery.bench.jmh;
