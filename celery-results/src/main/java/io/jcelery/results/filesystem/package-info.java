/**
 * The {@code file://} result backend (celery {@code celery/backends/filesystem.py}): one file per
 * result in a shared folder, readable by Python Celery's {@code FilesystemBackend}.
 */
package io.jcelery.results.filesystem;
