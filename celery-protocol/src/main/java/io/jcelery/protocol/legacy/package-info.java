/**
 * Reading old producers: the upgrade of protocol-1 task messages (everything in the body dict) to
 * the protocol-2 shape the rest of jcelery works with, as Celery's worker does on receipt.
 */
package io.jcelery.protocol.legacy;
