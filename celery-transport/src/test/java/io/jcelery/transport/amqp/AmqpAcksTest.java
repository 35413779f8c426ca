package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AmqpAcksTest {

  /** Records what would go on the wire; the first write can be held to let settlements pile up. */
  private static final class RecordingSender implements AmqpAcks.Sender {
    final List<String> wire = new ArrayList<>();
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private boolean holdFirst;

    RecordingSender holdingFirstWrite() {
      holdFirst = true;
      return this;
    }

    @Override
    public void ack(long tag, boolean multiple) {
      record("ack " + tag + (multiple ? " multiple" : ""));
    }

    @Override
    public void reject(long tag, boolean requeue) {
      record("reject " + tag + (requeue ? " requeue" : ""));
    }

    private void record(String frame) {
      synchronized (wire) {
        wire.add(frame);
      }
      if (holdFirst) {
        holdFirst = false;
        firstWriteStarted.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    List<String> wire() {
      synchronized (wire) {
        return List.copyOf(wire);
      }
    }
  }

  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void joinThreads() throws InterruptedException {
    for (Thread t : threads) {
      t.join(10_000);
    }
  }

  /** Acks {@code tag} on another thread and waits until its write is held by the sender. */
  private void ackOnWriterThread(AmqpAcks acks, RecordingSender sender, long tag)
      throws InterruptedException {
    Thread writer = new Thread(() -> acks.ack(tag));
    threads.add(writer);
    writer.start();
    assertThat(sender.firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  private static AmqpAcks acks(AmqpAcks.Sender sender, List<Long> failed) {
    return new AmqpAcks(sender, (tag, e) -> failed.add(tag), task -> {
      throw new AssertionError("a batch of 1 holds no ack");
    });
  }

  @Test
  void aLoneAckIsWrittenAtOnceBeforeAckReturns() {
    RecordingSender sender = new RecordingSender();
    AmqpAcks acks = acks(sender, new ArrayList<>());
    acks.delivered(1);
    acks.delivered(2);

    acks.ack(1);

    assertThat(sender.wire()).containsExactly("ack 1");
  }

  @Test
  void acksSettledWhileAWriteIsUnderWayGoOutAsOneMultipleAckWhenTheyAreTheOldest()
      throws InterruptedException {
    RecordingSender sender = new RecordingSender().holdingFirstWrite();
    AmqpAcks acks = acks(sender, new ArrayList<>());
    for (long tag = 1; tag <= 5; tag++) {
      acks.delivered(tag);
    }
    ackOnWriterThread(acks, sender, 1);

    acks.ack(3);
    acks.ack(2);
    acks.ack(4);
    sender.release.countDown();

    assertThat(acks.awaitWritten(10, TimeUnit.SECONDS)).isTrue();
    assertThat(sender.wire()).containsExactly("ack 1", "ack 4 multiple");
  }

  @Test
  void acksBehindAnUnsettledDeliveryGoOutOneByOneAndNeverCoverIt() throws InterruptedException {
    RecordingSender sender = new RecordingSender().holdingFirstWrite();
    AmqpAcks acks = acks(sender, new ArrayList<>());
    for (long tag = 1; tag <= 5; tag++) {
      acks.delivered(tag);
    }
    ackOnWriterThread(acks, sender, 2); // 1 is still running (or held for its ETA)

    acks.ack(4);
    acks.ack(3);
    sender.release.countDown();

    assertThat(acks.awaitWritten(10, TimeUnit.SECONDS)).isTrue();
    assertThat(sender.wire()).containsExactly("ack 2", "ack 3", "ack 4");
  }

  @Test
  void aRejectIsWrittenBeforeTheMultipleAckThatCoversItsTag() throws InterruptedException {
    RecordingSender sender = new RecordingSender().holdingFirstWrite();
    AmqpAcks acks = acks(sender, new ArrayList<>());
    for (long tag = 1; tag <= 4; tag++) {
      acks.delivered(tag);
    }
    ackOnWriterThread(acks, sender, 1);

    acks.ack(4);
    acks.reject(2, true);
    acks.ack(3);
    sender.release.countDown();

    assertThat(acks.awaitWritten(10, TimeUnit.SECONDS)).isTrue();
    assertThat(sender.wire()).containsExactly("ack 1", "reject 2 requeue", "ack 4 multiple");
  }

  @Test
  void aDeliveryMadeAfterTheAckedOnesIsNotCoveredByTheirMultipleAck()
      throws InterruptedException {
    RecordingSender sender = new RecordingSender().holdingFirstWrite();
    AmqpAcks acks = acks(sender, new ArrayList<>());
    acks.delivered(1);
    acks.delivered(2);
    acks.delivered(3);
    ackOnWriterThread(acks, sender, 1);

    acks.ack(2);
    acks.delivered(4); // not settled: tags 2 and 3 may be covered, 4 may not
    acks.ack(3);
    sender.release.countDown();

    assertThat(acks.awaitWritten(10, TimeUnit.SECONDS)).isTrue();
    assertThat(sender.wire()).containsExactly("ack 1", "ack 3 multiple");
  }

  @Test
  void aSettlementThatCannotBeWrittenIsReportedAndTheNextOnesStillGoOut() {
    List<Long> failed = new ArrayList<>();
    List<Long> written = new ArrayList<>();
    AmqpAcks acks =
        acks(
            new AmqpAcks.Sender() {
              @Override
              public void ack(long tag, boolean multiple) throws IOException {
                if (tag == 1) {
                  throw new IOException("channel closed");
                }
                written.add(tag);
              }

              @Override
              public void reject(long tag, boolean requeue) {
                written.add(-tag);
              }
            },
            failed);
    acks.delivered(1);
    acks.delivered(2);
    acks.delivered(3);

    acks.ack(1);
    acks.reject(2, false);

    acks.ack(3);

    assertThat(failed).containsExactly(1L);
    assertThat(written).containsExactly(-2L, 3L);
  }

  /** The ack linger under test control: tasks handed to it run when the test says. */
  private static final class ManualLinger implements Consumer<Runnable> {
    final List<Runnable> scheduled = new ArrayList<>();

    @Override
    public void accept(Runnable task) {
      scheduled.add(task);
    }

    void elapse() {
      List<Runnable> due = List.copyOf(scheduled);
      scheduled.clear();
      due.forEach(Runnable::run);
    }
  }

  private static AmqpAcks batching(RecordingSender sender, ManualLinger linger, int batch, int n) {
    AmqpAcks acks = new AmqpAcks(sender, (tag, e) -> {}, linger);
    acks.setBatch(batch);
    for (long tag = 1; tag <= n; tag++) {
      acks.delivered(tag);
    }
    return acks;
  }

  @Test
  void acksFewerThanTheBatchAreHeldUntilTheLingerThenGoOutAsOneMultipleAck() {
    RecordingSender sender = new RecordingSender();
    ManualLinger linger = new ManualLinger();
    AmqpAcks acks = batching(sender, linger, 4, 5);

    acks.ack(1);
    acks.ack(3);
    acks.ack(2);

    assertThat(sender.wire()).isEmpty();
    assertThat(linger.scheduled).hasSize(1);
    linger.elapse();
    assertThat(sender.wire()).containsExactly("ack 3 multiple");
  }

  @Test
  void theAckThatFillsTheBatchWritesTheBatchAtOnce() {
    RecordingSender sender = new RecordingSender();
    ManualLinger linger = new ManualLinger();
    AmqpAcks acks = batching(sender, linger, 3, 5);

    acks.ack(2);
    acks.ack(1);
    acks.ack(3);

    assertThat(sender.wire()).containsExactly("ack 3 multiple");
    linger.elapse(); // the linger scheduled by the first ack finds nothing left
    assertThat(sender.wire()).containsExactly("ack 3 multiple");
  }

  @Test
  void aRejectGoesOutAtOnceWithTheHeldAcksAfterIt() {
    RecordingSender sender = new RecordingSender();
    AmqpAcks acks = batching(sender, new ManualLinger(), 8, 5);

    acks.ack(1);
    acks.ack(2);
    acks.reject(3, true);

    assertThat(sender.wire()).containsExactly("reject 3 requeue", "ack 2 multiple");
  }

  @Test
  void heldAcksGoOutWhenTheChannelIsAboutToClose() throws InterruptedException {
    RecordingSender sender = new RecordingSender();
    AmqpAcks acks = batching(sender, new ManualLinger(), 8, 5);
    acks.ack(1);
    acks.flush();
    acks.ack(2);

    assertThat(acks.awaitWritten(10, TimeUnit.SECONDS)).isTrue();

    assertThat(sender.wire()).containsExactly("ack 1", "ack 2");
  }

  @Test
  void anAckWhoseLingerCannotBeScheduledIsWrittenAtOnce() {
    RecordingSender sender = new RecordingSender();
    AmqpAcks acks = new AmqpAcks(sender, (tag, e) -> {}, task -> {
      throw new RejectedExecutionException("transport closed");
    });
    acks.setBatch(8);
    acks.delivered(1);

    acks.ack(1);

    assertThat(sender.wire()).containsExactly("ack 1");
  }

  @Test
  void theBatchIsAQuarterOfThePrefetchCountFromOneToSixtyFour() {
    assertThat(AmqpAcks.batchFor(1)).isEqualTo(1);
    assertThat(AmqpAcks.batchFor(4)).isEqualTo(1); // -c 1: every ack at once, as py-amqp
    assertThat(AmqpAcks.batchFor(8)).isEqualTo(2);
    assertThat(AmqpAcks.batchFor(256)).isEqualTo(64);
    assertThat(AmqpAcks.batchFor(10_000)).isEqualTo(64);
    assertThat(AmqpAcks.batchFor(0)).isEqualTo(64); // no prefetch limit
  }
}
