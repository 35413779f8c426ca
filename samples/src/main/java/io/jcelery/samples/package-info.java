/**
 * Example tasks: {@link io.jcelery.samples.DemoTasks} for the README demo, {@link
 * io.jcelery.samples.InteropTasks} for the cross-language tests driven from {@code interop/}.
 */
package io.jcelery.samples;
