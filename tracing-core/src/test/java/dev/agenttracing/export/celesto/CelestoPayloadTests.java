package dev.agenttracing.export.celesto;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.RunContent;
import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunMetrics;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.export.celesto.RequestBodies.Body;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping of single events, the field limit and the packing of request bodies. */
class CelestoPayloadTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final CelestoPayload payload = new CelestoPayload(mapper, 100_000, "secret-token-123456");

	@Test
	void writesTimestampsWithMicrosecondsAndAnExplicitUtcOffset() {
		assertThat(CelestoPayload.timestamp(Instant.parse("2026-01-02T22:07:49.900Z")))
			.isEqualTo("2026-01-02T22:07:49.900000+00:00");
		assertThat(CelestoPayload.timestamp(Instant.parse("2026-01-02T22:07:49Z")))
			.isEqualTo("2026-01-02T22:07:49.000000+00:00");
		assertThat(CelestoPayload.timestamp(Instant.parse("2026-01-02T22:07:49.123456789Z")))
			.isEqualTo("2026-01-02T22:07:49.123456+00:00");
	}

	@Test
	void mapsAFailedRunToAnAgentSpanWithAnErrorAndNoUsage() {
		RunInfo run = TestEvents.run("Support Agent");
		Instant end = Instant.parse("2026-01-02T22:07:50Z");
		RunError failed = new RunError(end, run, null, "question", List.of("search_kb"), "model unavailable",
				"IllegalStateException", new RunMetrics(null, Duration.ofMillis(1500)));

		Map<String, Object> item = this.payload.item(failed);

		assertThat(item).containsEntry("span_id", run.spanId())
			.containsEntry("parent_id", null)
			.containsEntry("started_at", "2026-01-02T22:07:48.500000+00:00")
			.containsEntry("ended_at", "2026-01-02T22:07:50.000000+00:00")
			.containsEntry("error",
					Map.of("message", "model unavailable", "data", Map.of("error_type", "IllegalStateException")));
		assertThat(spanData(item)).containsEntry("type", "agent")
			.containsEntry("tools", List.of("search_kb"))
			.containsEntry("output", null)
			.containsEntry("usage", null)
			.containsEntry("model", null);
	}

	@Test
	@SuppressWarnings("unchecked")
	void mapsAModelCallToAGenerationSpanUnderTheAgentSpan() {
		RunInfo run = TestEvents.run("Support Agent");
		ModelInvocation call = new ModelInvocation("span_dddddddddddddddddddddddd", "gpt-5-mini", "openai",
				List.of(Map.of("role", "user", "content", "Where is ticket 7? key secret-token-123456")));
		Instant end = Instant.parse("2026-01-02T22:07:50Z");
		ModelCallCompleted completed = new ModelCallCompleted(end, run, call, "Ticket 7 has shipped.", "stop",
				TokenUsage.of(120, 20), Duration.ofMillis(250));

		Map<String, Object> item = mapper.readValue(this.payload.serialize(this.payload.item(completed)), Map.class);

		assertThat(item).containsEntry("object", "trace.span")
			.containsEntry("span_id", "span_dddddddddddddddddddddddd")
			.containsEntry("trace_id", run.traceId())
			.containsEntry("parent_id", run.spanId())
			.containsEntry("started_at", "2026-01-02T22:07:49.750000+00:00")
			.containsEntry("ended_at", "2026-01-02T22:07:50.000000+00:00")
			.doesNotContainKey("error");
		assertThat(spanData(item)).containsOnly(Map.entry("type", "generation"), Map.entry("model", "gpt-5-mini"),
				Map.entry("input", List.of(Map.of("role", "user", "content", "Where is ticket 7? key [REDACTED]"))),
				Map.entry("output", "Ticket 7 has shipped."),
				Map.entry("usage", Map.of("input_tokens", 120, "output_tokens", 20, "total_tokens", 140)));
		assertThat(spanData(item).keySet()).containsExactly("type", "model", "input", "output", "usage");
		assertThat(this.payload.item(new ModelCallStarted(end, run, call))).isNull();
	}

	@Test
	@SuppressWarnings("unchecked")
	void mapsAFailedModelCallToAGenerationSpanWithAnError() {
		RunInfo run = TestEvents.run("Support Agent");
		ModelInvocation call = new ModelInvocation("span_dddddddddddddddddddddddd", "gpt-5-mini", null, "hi");
		ModelCallError failed = new ModelCallError(Instant.parse("2026-01-02T22:07:50Z"), run, call,
				Duration.ofMillis(10), "429 Too Many Requests", "HttpClientErrorException");

		Map<String, Object> item = mapper.readValue(this.payload.serialize(this.payload.item(failed)), Map.class);

		assertThat(item).containsEntry("parent_id", run.spanId())
			.containsEntry("error", Map.of("message", "Error calling model", "data", Map.of("model", "gpt-5-mini",
					"error_type", "HttpClientErrorException", "error", "429 Too Many Requests")));
		assertThat(spanData(item)).containsEntry("type", "generation")
			.containsEntry("input", "hi")
			.containsEntry("output", null)
			.containsEntry("usage", null);
	}

	@Test
	void recordsTheW3cIdsOfTheRunInTheTraceMetadata() {
		RunInfo run = new RunInfo("run-1", "s", "trace_0123456789abcdef0123456789abcdef",
				"span_0123456789abcdef01234567", "agent", "group", Map.of("team", "support"),
				"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
		Map<String, Object> item = this.payload
			.item(new dev.agenttracing.event.RunStarted(Instant.now(), run, null, "q"));
		assertThat(item).containsEntry("object", "trace")
			.containsEntry("metadata", Map.of("team", "support", "otel_trace_id", "4bf92f3577b34da6a3ce929d0e0e4736",
					"otel_span_id", "00f067aa0ba902b7"));
		RunInfo plain = new RunInfo("run-2", "s", "trace_0123456789abcdef0123456789abcdef",
				"span_0123456789abcdef01234567", "agent", null, null);
		assertThat(this.payload.item(new dev.agenttracing.event.RunStarted(Instant.now(), plain, null, "q")))
			.containsEntry("metadata", null);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> spanData(Map<String, Object> item) {
		return (Map<String, Object>) item.get("span_data");
	}

	@Test
	void sendsNothingForToolStartsAndContentChunks() {
		RunInfo run = TestEvents.run("Agent");
		Instant now = TestEvents.now();
		assertThat(this.payload.item(new ToolCallStarted(now, run, new ToolInvocation("call_1", "t", "span_1", null))))
			.isNull();
		assertThat(this.payload.item(new RunContent(now, run, "chunk", "str"))).isNull();
		assertThat(this.payload.item(new RunContentCompleted(now, run))).isNull();
	}

	@Test
	void cutsStringsToTheFieldLimitCountingJsonEscapesAndUtf8LikeJackson() {
		Random random = new Random(42);
		String alphabet = "aZ9 \"\\\n\t\u0001é€𝄞/<";
		for (int round = 0; round < 200; round++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(400);
			for (int i = 0; i < length; i++) {
				int at = random.nextInt(alphabet.length());
				char c = alphabet.charAt(at);
				text.append(c);
				if (Character.isHighSurrogate(c)) {
					text.append(alphabet.charAt(at + 1));
				}
				else if (Character.isLowSurrogate(c)) {
					text.setLength(text.length() - 1);
				}
			}
			if (round % 10 == 0) {
				text.insert(text.length() / 2, (round % 20 == 0) ? '\uD800' : '\uDC00');
			}
			String value = text.toString();
			int limit = 64 + random.nextInt(300);
			int written = mapper.writeValueAsBytes(value).length;
			assertThat(CelestoPayload.jsonLength(value, Long.MAX_VALUE)).isEqualTo(written);

			String cut = CelestoPayload.truncate(value, limit);

			int cutBytes = mapper.writeValueAsBytes(cut).length;
			if (written <= limit) {
				assertThat(cut).isSameAs(value);
			}
			else {
				assertThat(cut).endsWith(CelestoPayload.TRUNCATION_SUFFIX);
				assertThat(cutBytes).isLessThanOrEqualTo(limit).isGreaterThan(limit - 6);
				String kept = cut.substring(0, cut.length() - CelestoPayload.TRUNCATION_SUFFIX.length());
				assertThat(value).startsWith(kept);
				boolean splitsPair = !kept.isEmpty() && Character.isHighSurrogate(kept.charAt(kept.length() - 1))
						&& Character.isLowSurrogate(value.charAt(kept.length()));
				assertThat(splitsPair).as("cut between the halves of a surrogate pair").isFalse();
			}
		}
	}

	@Test
	void sendsAStructuredValueOverTheLimitAsItsJsonTextCut() {
		CelestoPayload small = new CelestoPayload(mapper, 200, null);
		List<String> rows = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			rows.add("row " + i);
		}

		Object cut = small.field(Map.of("rows", rows));
		Object kept = small.field(Map.of("rows", List.of("row 0")));

		assertThat(cut).isInstanceOf(String.class);
		assertThat((String) cut).startsWith("{\"rows\":[\"row 0\",").endsWith("... [truncated]");
		assertThat(mapper.writeValueAsBytes(cut).length).isLessThanOrEqualTo(200);
		assertThat(mapper.writeValueAsString(Map.of("output", kept))).isEqualTo("{\"output\":{\"rows\":[\"row 0\"]}}");
	}

	@Test
	void packsItemsInOrderWithinTheItemAndByteLimits() {
		List<byte[]> items = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			items.add(("{\"n\":" + i + ",\"pad\":\"" + "p".repeat(80) + "\"}").getBytes(StandardCharsets.UTF_8));
		}
		int itemBytes = items.get(0).length;
		int maxBytes = RequestBodies.OVERHEAD + 3 * itemBytes + 2;
		List<Integer> oversize = new ArrayList<>();

		List<Body> bodies = RequestBodies.split(items, 4, maxBytes, oversize::add);

		assertThat(bodies).extracting(Body::items).containsExactly(3, 3, 3, 1);
		assertThat(bodies).allSatisfy(body -> assertThat(body.bytes().length).isLessThanOrEqualTo(maxBytes));
		assertThat(oversize).isEmpty();
		List<Object> numbers = new ArrayList<>();
		for (Body body : bodies) {
			Map<?, ?> json = mapper.readValue(body.bytes(), Map.class);
			for (Object item : (List<?>) json.get("data")) {
				numbers.add(((Map<?, ?>) item).get("n"));
			}
		}
		assertThat(numbers).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(RequestBodies.split(items, 4, 10_000, oversize::add)).extracting(Body::items)
			.containsExactly(4, 4, 2);
		assertThat(RequestBodies.split(items, 4, itemBytes + RequestBodies.OVERHEAD - 1, oversize::add)).isEmpty();
		assertThat(oversize).hasSize(10).containsOnly(itemBytes);
	}

}
