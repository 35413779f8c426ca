/**
 * {@code memory://}: an in-process broker for tests and single-JVM use, like kombu's {@code
 * kombu/transport/memory.py}. Every transport opened with the same URL in one JVM shares the same
 * queues and exchanges.
 */
package io.jcelery.transport.memory;
