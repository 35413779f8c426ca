/**
 * {@code filesystem://}: messages as files in a shared folder, compatible with kombu's {@code
 * kombu/transport/filesystem.py}, so Python and Java producers and consumers can share the folder.
 */
package io.jcelery.transport.filesystem;
