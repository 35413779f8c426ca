/**
 * The {@code memory://} result backend: results in this JVM only, for tests and single-process use,
 * encoded as on every other key-value store.
 */
package io.jcelery.results.memory;
