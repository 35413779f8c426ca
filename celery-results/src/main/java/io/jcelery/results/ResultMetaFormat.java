package io.jcelery.results;

import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.codec.ResultMetaCodec;

/**
 * Bytes of a stored meta: the result serializer's encoding of the meta dict, decoded only when the
 * serializer's content type is accepted (celery {@code Backend.encode} / {@code Backend.decode},
 * which decodes with the backend's own content type).
 */
final class ResultMetaFormat {

  private final ResultBackendOptions options;

  ResultMetaFormat(ResultBackendOptions options) {
    this.options = options;
  }

  byte[] encode(ResultMeta meta) {
    return options.serializer().encode(ResultMetaCodec.toTree(meta));
  }

  ResultMeta decode(byte[] value) {
    options.accept().check(options.serializer().contentType());
    return ResultMetaCodec.fromTree(options.serializer().decode(value));
  }
}
