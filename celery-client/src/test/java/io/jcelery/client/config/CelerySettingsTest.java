package io.jcelery.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CelerySettingsTest {

  @TempDir Path folder;

  @Nested
  @DisplayName("defaults")
  class Defaults {

    @Test
    @DisplayName("are Celery 5.2.6's, except broker_url which is filesystem://")
    void areCeleryDefaults() {
      CelerySettings settings = CelerySettings.defaults();

      assertThat(settings.brokerUrl()).isEqualTo("filesystem://");
      assertThat(settings.resultBackend()).isNull();
      assertThat(settings.taskSerializer()).isEqualTo("json");
      assertThat(settings.resultSerializer()).isEqualTo("json");
      assertThat(settings.acceptContent()).containsExactly("json");
      assertThat(settings.taskDefaultQueue()).isEqualTo("celery");
      assertThat(settings.taskAcksLate()).isFalse();
      assertThat(settings.taskTrackStarted()).isFalse();
      assertThat(settings.taskIgnoreResult()).isFalse();
      assertThat(settings.workerPrefetchMultiplier()).isEqualTo(4);
      assertThat(settings.resultExpires()).isEqualTo(Duration.ofDays(1));
      assertThat(settings.resultExtended()).isFalse();
      assertThat(settings.enableUtc()).isTrue();
      assertThat(settings.taskDefaultDeliveryMode()).isEqualTo(2);
      assertThat(settings.brokerTransportOptions()).isEmpty();
      assertThat(settings.taskCompression()).isNull();
    }

    @Test
    @DisplayName("leave worker_concurrency to the number of processors")
    void concurrencyDefaultsToProcessors() {
      assertThat(CelerySettings.defaults().get("worker_concurrency")).isNull();
      assertThat(CelerySettings.defaults().workerConcurrency())
          .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    @DisplayName("resolve the time zone to UTC, or the JVM's zone without enable_utc")
    void resolveTimezoneLikeCelery() {
      assertThat(CelerySettings.defaults().timezone()).isEqualTo(ZoneOffset.UTC);
      assertThat(CelerySettings.builder().set("enable_utc", false).build().timezone())
          .isEqualTo(ZoneId.systemDefault());
      assertThat(CelerySettings.builder().set("timezone", "America/New_York").build().timezone())
          .isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    @DisplayName("take result_accept_content from accept_content when unset")
    void resultAcceptContentFallsBack() {
      CelerySettings settings =
          CelerySettings.builder().set("accept_content", List.of("json", "msgpack")).build();

      assertThat(settings.resultAcceptContent()).containsExactly("json", "msgpack");
      assertThat(
              settings.toBuilder()
                  .set("result_accept_content", "yaml")
                  .build()
                  .resultAcceptContent())
          .containsExactly("yaml");
    }

    @Test
    @DisplayName("list every setting by its Celery key in asMap")
    void asMapListsEveryKey() {
      Map<String, Object> map = CelerySettings.defaults().asMap();

      assertThat(map).hasSize(Setting.values().length);
      assertThat(map).containsEntry("task_acks_late", false).containsEntry("result_backend", null);
    }
  }

  @Nested
  @DisplayName("sources")
  class Sources {

    @Test
    @DisplayName("code beats the environment, which beats the file, which beats the default")
    void precedenceIsCodeEnvironmentFileDefault() throws IOException {
      Path file =
          write(
              "celery.properties",
              "broker_url=redis://file/0\n"
                  + "result_backend=redis://file/1\n"
                  + "task_default_queue=file-q\n");
      Map<String, String> env =
          Map.of("CELERY_BROKER_URL", "redis://env/0", "CELERY_RESULT_BACKEND", "redis://env/1");

      CelerySettings settings =
          CelerySettings.builder()
              .set("broker_url", "redis://code/0")
              .environment(env)
              .file(file)
              .build();

      assertThat(settings.brokerUrl()).isEqualTo("redis://code/0");
      assertThat(settings.resultBackend()).isEqualTo("redis://env/1");
      assertThat(settings.taskDefaultQueue()).isEqualTo("file-q");
      assertThat(settings.taskSerializer()).isEqualTo("json");
    }

    @Test
    @DisplayName("the environment names a setting CELERY_ plus its key in upper case")
    void environmentMapsEveryKey() {
      CelerySettings settings =
          CelerySettings.builder()
              .environment(
                  Map.of(
                      "CELERY_TASK_ACKS_LATE", "yes",
                      "CELERY_WORKER_PREFETCH_MULTIPLIER", "1",
                      "CELERY_ACCEPT_CONTENT", "json, msgpack",
                      "CELERY_RESULT_EXPIRES", "3600",
                      "UNRELATED", "x"))
              .build();

      assertThat(settings.taskAcksLate()).isTrue();
      assertThat(settings.workerPrefetchMultiplier()).isEqualTo(1);
      assertThat(settings.acceptContent()).containsExactly("json", "msgpack");
      assertThat(settings.resultExpires()).isEqualTo(Duration.ofHours(1));
      assertThat(Setting.TASK_ACKS_LATE.environmentVariable()).isEqualTo("CELERY_TASK_ACKS_LATE");
    }

    @Test
    @DisplayName("a YAML file gives typed values, lists and maps")
    void readsYaml() throws IOException {
      Path file =
          write(
              "celeryconfig.yaml",
              """
              broker_url: redis://localhost:6379/0
              broker_transport_options:
                visibility_timeout: 3600
                queue_order_strategy: priority
              accept_content: [json, msgpack]
              task_acks_late: true
              worker_prefetch_multiplier: 1
              result_expires: 1.5
              timezone: Europe/Paris
              """);

      CelerySettings settings = CelerySettings.builder().file(file).build();

      assertThat(settings.brokerUrl()).isEqualTo("redis://localhost:6379/0");
      assertThat(settings.brokerTransportOptions())
          .containsEntry("visibility_timeout", 3600)
          .containsEntry("queue_order_strategy", "priority");
      assertThat(settings.acceptContent()).containsExactly("json", "msgpack");
      assertThat(settings.taskAcksLate()).isTrue();
      assertThat(settings.workerPrefetchMultiplier()).isEqualTo(1);
      assertThat(settings.resultExpires()).isEqualTo(Duration.ofMillis(1500));
      assertThat(settings.timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    @DisplayName("a properties file gives text values, typed per setting; maps are JSON")
    void readsProperties() throws IOException {
      Path file =
          write(
              "celery.properties",
              """
              task_acks_late = on
              broker_transport_options = {"visibility_timeout": 60, "fanout_prefix": true}
              task_default_delivery_mode = transient
              task_time_limit = 30
              """);

      CelerySettings settings = CelerySettings.builder().file(file).build();

      assertThat(settings.taskAcksLate()).isTrue();
      assertThat(settings.brokerTransportOptions())
          .containsEntry("visibility_timeout", 60)
          .containsEntry("fanout_prefix", true);
      assertThat(settings.taskDefaultDeliveryMode()).isEqualTo(1);
      assertThat(settings.taskTimeLimit()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("an empty YAML file sets nothing")
    void emptyYamlSetsNothing() throws IOException {
      Path file = write("empty.yml", "# nothing\n");

      assertThat(CelerySettings.builder().file(file).build()).isEqualTo(CelerySettings.defaults());
    }

    @Test
    @DisplayName("a file of another kind is refused")
    void otherFileKindIsRefused() throws IOException {
      Path file = write("celery.toml", "broker_url = 'x'\n");

      assertThatThrownBy(() -> CelerySettings.builder().file(file))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(".properties, .yaml or .yml");
    }

    @Test
    @DisplayName("null in code unsets a setting that allows none, such as result_expires")
    void nullUnsetsResultExpires() {
      assertThat(CelerySettings.builder().set("result_expires", null).build().resultExpires())
          .isNull();
    }
  }

  @Nested
  @DisplayName("validation")
  class Validation {

    @Test
    @DisplayName("a value of the wrong type fails naming the key")
    void wrongTypeNamesKey() {
      assertThatThrownBy(
              () -> CelerySettings.builder().set("worker_prefetch_multiplier", "many").build())
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e -> assertThat(e.key()).isEqualTo("worker_prefetch_multiplier"))
          .hasMessageContaining("worker_prefetch_multiplier")
          .hasMessageContaining("many");
      assertThatThrownBy(() -> CelerySettings.builder().set("task_acks_late", "maybe").build())
          .hasMessageContaining("task_acks_late");
      assertThatThrownBy(() -> CelerySettings.builder().set("timezone", "Mars/Olympus").build())
          .hasMessageContaining("timezone");
    }

    @Test
    @DisplayName("a value out of range fails naming the key")
    void outOfRangeNamesKey() {
      assertThatThrownBy(() -> CelerySettings.builder().set("worker_concurrency", 0).build())
          .hasMessageContaining("worker_concurrency");
      assertThatThrownBy(() -> CelerySettings.builder().set("result_expires", -5).build())
          .hasMessageContaining("result_expires");
      assertThatThrownBy(() -> CelerySettings.builder().set("task_acks_late", null).build())
          .hasMessageContaining("task_acks_late");
    }

    @Test
    @DisplayName("a Celery setting jcelery cannot honour fails fast naming it")
    void unsupportedSettingFails() {
      assertThatThrownBy(() -> CelerySettings.builder().set("task_protocol", 1).build())
          .isInstanceOfSatisfying(
              ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("task_protocol"))
          .hasMessageContaining("task_protocol=1 is not supported");
      assertThatThrownBy(() -> CelerySettings.builder().set("worker_pool", "prefork").build())
          .hasMessageContaining("worker_pool=prefork");
      assertThatThrownBy(
              () ->
                  CelerySettings.builder()
                      .environment(Map.of("CELERY_TASK_ALWAYS_EAGER", "true"))
                      .build())
          .hasMessageContaining("task_always_eager");
    }

    @Test
    @DisplayName("an unsupported setting at a value jcelery shares with Celery is accepted")
    void supportedValueOfUnsupportedSettingIsAccepted() {
      CelerySettings settings =
          CelerySettings.builder()
              .set("task_protocol", 2)
              .set("task_always_eager", false)
              .set("worker_pool", "solo")
              .build();

      assertThat(settings.workerPool()).isEqualTo("solo");
    }

    @Test
    @DisplayName("an unknown key is ignored with one warning")
    void unknownKeyWarnsOnce() {
      String key = "no_such_setting_" + UUID.randomUUID().toString().replace('-', '_');
      Logger logger = (Logger) LoggerFactory.getLogger(CelerySettings.class);
      ListAppender<ILoggingEvent> appender = new ListAppender<>();
      appender.start();
      logger.addAppender(appender);
      try {
        CelerySettings.builder().set(key, 1).build();
        CelerySettings.builder().set(key, 2).build();
      } finally {
        logger.detachAppender(appender);
      }

      assertThat(appender.list)
          .filteredOn(event -> event.getFormattedMessage().contains(key))
          .hasSize(1);
    }
  }

  @Test
  @DisplayName("toString masks URL passwords")
  void toStringMasksPasswords() {
    CelerySettings settings =
        CelerySettings.builder()
            .set("broker_url", "redis://:s3cret@host:6379/0")
            .set("result_backend", "redis://user:s3cret@host:6379/1")
            .build();

    assertThat(settings.toString()).doesNotContain("s3cret").contains("redis://:**@host:6379/0");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(folder.resolve(name), content);
  }
}
