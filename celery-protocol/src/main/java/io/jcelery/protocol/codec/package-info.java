/**
 * Codecs between {@link io.jcelery.protocol.TaskMessage} bytes and the protocol model: kombu's
 * serializers (json with kombu's type conventions, msgpack, yaml), the {@code accept_content}
 * check, compression, and the mapping between Java values and the neutral Jackson tree.
 */
package io.jcelery.protocol.codec;
