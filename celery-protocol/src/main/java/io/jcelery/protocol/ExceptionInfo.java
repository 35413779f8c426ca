package io.jcelery.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An exception as Celery stores it in a result for non-pickle serializers ({@code
 * celery/backends/base.py} {@code prepare_exception}): {@code {"exc_type", "exc_message",
 * "exc_module"}}. Python's {@code exception_to_python} rebuilds a class named {@code excType}; a
 * module that Python does not have (such as {@code java.lang}) yields a synthesized class of that
 * name, so the Java type name and message surface in Python unchanged.
 *
 * @param excType the class name ({@code __qualname__}; the Java simple name)
 * @param excMessage the exception args as a tree, usually a list such as {@code ["boom"]}
 * @param excModule the module ({@code builtins}, or the Java package name)
 * @since 0.1
 */
public record ExceptionInfo(String excType, JsonNode excMessage, String excModule) {}
