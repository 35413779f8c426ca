package io.jcelery.client.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A settings file, keys named as in Celery: {@code .properties} (values as text) or {@code .yaml} /
 * {@code .yml} (a flat mapping; values keep their YAML types, so lists and maps are written
 * naturally).
 */
final class SettingsFile {

  private SettingsFile() {}

  /** Reads the file's key-value pairs, in file order where the format keeps one. */
  static Map<String, Object> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".properties")) {
        return readProperties(file);
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return readYaml(file);
      }
    } catch (IOException e) {
      throw new ConfigurationException(
          null, "Cannot read settings file " + file + ": " + e.getMessage(), e);
    }
    throw new ConfigurationException(
        null, "Settings file " + file + " must end with .properties, .yaml or .yml");
  }

  private static Map<String, Object> readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    properties
        .stringPropertyNames()
        .forEach(key -> values.put(key.trim(), properties.getProperty(key).trim()));
    return values;
  }

  private static Map<String, Object> readYaml(Path file) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    JsonNode tree;
    try (InputStream in = Files.newInputStream(file)) {
      tree = yaml.readTree(in);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return Map.of();
    }
    if (!tree.isObject()) {
      throw new ConfigurationException(
          null, "Settings file " + file + " must be a YAML mapping of Celery keys");
    }
    return yaml.convertValue(tree, new TypeReference<LinkedHashMap<String, Object>>() {});
  }
}
