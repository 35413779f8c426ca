/**
 * Stage two: turning a delivery into a {@link io.jcelery.worker.decode.TaskRequest}. The {@link
 * io.jcelery.worker.decode.TaskDecoder} checks {@code accept_content}, decodes headers and body
 * once (protocol 1 upgraded to 2) and parses ETA and expiry; a message that fails is logged and
 * settled exactly as Celery's consumer does ({@code on_invalid_task}: reject; {@code
 * on_decode_error}: ack), and goes no further.
 */
package io.jcelery.worker.decode;
