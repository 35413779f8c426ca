/**
 * Codecs between {@link io.jcelery.protocol.TaskMessage} bytes and the protocol model: kombu's
 * serializers (json with kombu's type conventions, msgpack, yaml), the {@code accept_content}
 * check, compression, the mapping between Java values and the neutral Jackson tree, the canvas and
 * result-meta trees, and Python's {@code saferepr} for {@code argsrepr}. Used by the worker's
 * decode stage and by every producer.
 */
package io.jcelery.protocol.codec;
