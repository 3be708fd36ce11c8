package dev.agenttracing.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

import dev.agenttracing.AgentTracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The {@code celesto} profile (application-celesto.yml) against a recording stand-in for
 * Celesto.
 */
@ExtendWith(OutputCaptureExtension.class)
class CelestoProfileTests {

	static final String KEY = "cel_sampletest4f8Qz9TxL2mW";

	@TempDir
	Path traces;

	@Test
	@SuppressWarnings("unchecked")
	void theCelestoProfileSendsEveryRunToCelestoWithTheKeyFromCelestoApiKey(CapturedOutput output) throws Exception {
		try (CelestoRecorder celesto = new CelestoRecorder()) {
			try (RunningSample sample = RunningSample.start(
					Map.of("CELESTO_API_KEY", KEY, "CELESTO_BASE_URL", celesto.baseUrl()),
					"--spring.profiles.active=celesto", "--tracing.jsonl.dir=" + this.traces)) {
				assertThat(sample.context.getBean(AgentTracer.class).channels()).extracting((channel) -> channel.name())
					.containsExactly("CelestoExporter", "JsonlExporter");
				sample.http.run("Ticket #9999: the invoice is wrong, and my key " + KEY + " is on it", "celesto-user");
			} // closing the application sends what is still queued

			assertThat(celesto.requests()).isNotEmpty().allSatisfy((request) -> {
				assertThat(request.method()).isEqualTo("POST");
				assertThat(request.path()).isEqualTo("/v1/traces/ingest");
				assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
				assertThat(request.body()).doesNotContainIgnoringCase(KEY).contains("[REDACTED]");
			});
			List<Map<String, Object>> items = celesto.items();
			assertThat(items).anySatisfy((item) -> assertThat(item).containsEntry("object", "trace")
				.containsEntry("workflow_name", "Support Agent"));
			assertThat(items).filteredOn((item) -> "trace.span".equals(item.get("object")))
				.extracting((item) -> (Object) ((Map<?, ?>) item.get("span_data")).get("type"))
				.contains("agent", "generation", "function", "custom");
			assertThat(items).anySatisfy((item) -> {
				assertThat((Map<String, Object>) item.get("span_data")).containsEntry("type", "function")
					.containsEntry("name", "lookup_ticket");
				assertThat(item).containsKey("error");
			});
		}
		// the key went in the Authorization header only: not in the logs, the trace files
		// or the request bodies
		assertThat(output.getAll()).doesNotContainIgnoringCase(KEY);
		assertThat(Files.readString(this.traces.resolve("celesto-user.jsonl"))).doesNotContainIgnoringCase(KEY);
	}

	@Test
	void theCelestoProfileWithoutCelestoApiKeyStopsStartUpNamingTheVariable() {
		assertThatException()
			.isThrownBy(
					() -> RunningSample.start("--spring.profiles.active=celesto", "--tracing.jsonl.dir=" + this.traces))
			.satisfies((ex) -> {
				Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
				assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("celesto.api-key")
					.hasMessageContaining("CELESTO_API_KEY");
			});
	}

}
