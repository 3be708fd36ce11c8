package dev.agenttracing.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * application.yml and the README's property table document every {@code tracing.*} and
 * {@code celesto.*} property with its real default, as the configuration metadata that
 * the auto-configuration ships describes them.
 */
class ConfigurationDocumentationTests {

	/** The properties the sample deliberately sets to another value than the default. */
	private static final Map<String, Object> SAMPLE_SETTINGS = Map.of("tracing.viewer.enabled", true,
			"tracing.jsonl.retention.max-age", "14d", "tracing.jsonl.retention.max-total-size", "1GB",
			"celesto.spool.dir", "./traces/.spool/celesto");

	private static final Pattern YAML_KEY = Pattern.compile("^( *)(# )?([a-z][a-z0-9-]*):(?: (.*))?$");

	private static final Pattern TABLE_ROW = Pattern
		.compile("^\\| `((?:tracing|celesto)\\.[a-z0-9.-]+)` \\| ([^|]*) \\|");

	@Test
	void applicationYamlShowsEveryPropertyWithACommentAndItsDefault() throws IOException {
		Map<String, Object> properties = properties();
		Map<String, YamlKey> keys = yamlKeys(properties);

		assertThat(keys.keySet()).containsExactlyInAnyOrderElementsOf(properties.keySet());
		properties.forEach((name, defaultValue) -> {
			YamlKey key = keys.get(name);
			assertThat(key.documented()).as("a comment above %s in application.yml", name).isTrue();
			Object expected = SAMPLE_SETTINGS.getOrDefault(name, defaultValue);
			assertThat(key.value()).as("the value of %s in application.yml", name).isEqualTo(yaml(expected));
		});
	}

	@Test
	void environmentBackedCelestoPropertiesAreLeftUnsetInApplicationYamlSoTheVariablesWork() throws IOException {
		Map<String, YamlKey> keys = yamlKeys(properties());

		assertThat(keys.get("celesto.api-key").commented()).isTrue();
		assertThat(keys.get("celesto.disable-auto-tracing").commented()).isTrue();
		assertThat(keys.get("celesto.base-url").commented()).isTrue();
		assertThat(keys.values()).filteredOn(YamlKey::commented).hasSize(4);
	}

	@Test
	void theBatchSizeIsLeftUnsetInApplicationYamlSoTheJsonlFilesKeepTheirOwnBatching() throws IOException {
		Map<String, YamlKey> keys = yamlKeys(properties());

		assertThat(keys.get("tracing.batch-size").commented()).isTrue();
	}

	@Test
	void theReadmePropertyTableShowsEveryPropertyWithItsDefault() throws IOException {
		Map<String, Object> properties = properties();
		Map<String, String> rows = new LinkedHashMap<>();
		for (String line : Files.readAllLines(readme())) {
			Matcher row = TABLE_ROW.matcher(line);
			if (row.find()) {
				rows.put(row.group(1), row.group(2).trim());
			}
		}

		assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(properties.keySet());
		properties.forEach((name, defaultValue) -> {
			if (defaultValue != null && !defaultValue.equals("[]") && !defaultValue.equals("{}")) {
				assertThat(rows.get(name)).as("the default of %s in the README", name)
					.isEqualTo("`" + defaultValue + "`");
			}
		});
	}

	/**
	 * The tracing.* and celesto.* properties and their defaults, from the configuration
	 * metadata.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> properties() throws IOException {
		Map<String, Object> properties = new TreeMap<>();
		for (URL url : Collections.list(ConfigurationDocumentationTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				Map<String, Object> metadata = SampleHttp.JSON.readValue(in, new TypeReference<Map<String, Object>>() {
				});
				for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
					String name = property.get("name").toString();
					if (name.startsWith("tracing.") || name.startsWith("celesto.")) {
						Object defaultValue = property.get("defaultValue");
						if (defaultValue == null && property.get("type").toString().startsWith("java.util.List")) {
							defaultValue = "[]";
						}
						if (defaultValue == null && property.get("type").toString().startsWith("java.util.Map")) {
							defaultValue = "{}";
						}
						properties.put(name, defaultValue);
					}
				}
			}
		}
		assertThat(properties).as("tracing.* properties in the configuration metadata").containsKey("tracing.enabled");
		return properties;
	}

	static Map<String, YamlKey> yamlKeys(Map<String, Object> properties) throws IOException {
		List<String> lines;
		try (InputStream in = ConfigurationDocumentationTests.class.getResourceAsStream("/application.yml")) {
			lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
		}
		Map<String, YamlKey> keys = new TreeMap<>();
		Deque<Parent> parents = new ArrayDeque<>();
		String previous = "";
		for (String line : lines) {
			Matcher key = YAML_KEY.matcher(line);
			if (key.matches()) {
				int indent = key.group(1).length();
				boolean commented = key.group(2) != null;
				while (!parents.isEmpty() && parents.peek().indent() >= indent) {
					parents.pop();
				}
				StringBuilder path = new StringBuilder();
				parents.descendingIterator().forEachRemaining((parent) -> path.append(parent.name()).append('.'));
				path.append(key.group(3));
				String value = (key.group(4) != null) ? key.group(4).trim() : "";
				boolean documented = previous.trim().startsWith("#") && !YAML_KEY.matcher(previous).matches();
				if (commented) {
					if (properties.containsKey(path.toString())) {
						keys.put(path.toString(), new YamlKey(value, true, documented));
					}
				}
				else if (value.isEmpty()) {
					parents.push(new Parent(indent, key.group(3)));
				}
				else if (path.toString().startsWith("tracing.") || path.toString().startsWith("celesto.")) {
					keys.put(path.toString(), new YamlKey(value, false, documented));
				}
			}
			previous = line;
		}
		return keys;
	}

	static Path readme() {
		return Path.of(System.getProperty("sample.readme", "../README.md"));
	}

	private static String yaml(Object defaultValue) {
		return (defaultValue != null) ? defaultValue.toString() : "";
	}

	record YamlKey(String value, boolean commented, boolean documented) {
	}

	record Parent(int indent, String name) {
	}

}
