/**
 * The {@code jcelery} command line: {@link io.jcelery.cli.JCelery} parses the global options
 * (task classes, class path, settings file) and each subcommand ({@code worker}, {@code call},
 * {@code result}) builds the settings, then delegates to the worker or the client.
 */
package io.jcelery.cli;
