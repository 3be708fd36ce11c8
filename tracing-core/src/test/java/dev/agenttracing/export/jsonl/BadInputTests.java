package dev.agenttracing.export.jsonl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ContentPolicy;
import dev.agenttracing.RecordingExporter;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BadInputTests {

	@TempDir
	Path root;

	private AgentTracer tracer;

	@AfterEach
	void shutdown() {
		if (this.tracer != null) {
			this.tracer.shutdown(Duration.ofSeconds(5));
		}
	}

	private Path traces() {
		return this.root.resolve("traces");
	}

	private AgentTracer tracer(ContentPolicy policy) {
		this.tracer = AgentTracer.builder()
			.exporter(new JsonlExporter(traces(), true, false))
			.contentPolicy(policy)
			.build();
		return this.tracer;
	}

	private List<Map<String, Object>> onlyFileLines() throws Exception {
		try (Stream<Path> files = Files.list(traces())) {
			List<Path> all = files.toList();
			assertThat(all).hasSize(1);
			return TraceFiles.readTraceFile(all.get(0));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "../../etc/x", "a/b", "/abs/path", "..", ".", ".hidden", "a\\b", "CON", "nul.txt", "com1",
			"", "white space", "ünïcödé", "x\u0000y", "line\nbreak" })
	void hostileSessionIdsStayInsideTheTraceDirectory(String sessionId) throws Exception {
		AgentTracer tracer = tracer(ContentPolicy.defaults());
		tracer.newRun("agent").sessionId(sessionId).start().complete("ok");
		tracer.flush(Duration.ofSeconds(5));
		List<Path> everything;
		try (Stream<Path> walk = Files.walk(this.root)) {
			everything = walk.filter(Files::isRegularFile).toList();
		}
		assertThat(everything).hasSize(1);
		Path file = everything.get(0);
		assertThat(file.getParent()).isEqualTo(traces());
		assertThat(file.getFileName().toString()).isEqualTo(JsonlExporter.fileName(sessionId))
			.matches("[A-Za-z0-9._~-]+\\.jsonl")
			.doesNotStartWith(".");
		assertThat(TraceFiles.readTraceFile(file))
			.allSatisfy(line -> assertThat(line).containsEntry("session_id", sessionId));
	}

	@Test
	void sessionFileNamesAreSafeDistinctAndStable() {
		assertThat(JsonlExporter.fileName("sess-123")).isEqualTo("sess-123.jsonl");
		assertThat(JsonlExporter.fileName("default")).isEqualTo("default.jsonl");
		String longId = "a".repeat(500);
		assertThat(JsonlExporter.fileName(longId)).hasSizeLessThan(100).startsWith("a".repeat(64) + "~");
		assertThat(JsonlExporter.fileName("a/b")).isNotEqualTo(JsonlExporter.fileName("a_b"))
			.isEqualTo(JsonlExporter.fileName("a/b"));
		assertThat(JsonlExporter.fileName("CON")).startsWith("CON~");
		assertThat(JsonlExporter.fileName("")).matches("~[0-9a-f]{16}\\.jsonl");
	}

	@Test
	void cyclicArgumentsBecomeASafeForm() throws Exception {
		AgentTracer tracer = tracer(ContentPolicy.defaults());
		Map<String, Object> cyclic = new HashMap<>();
		cyclic.put("name", "loop");
		cyclic.put("self", cyclic);
		List<Object> list = new ArrayList<>();
		list.add(list);
		Node parent = new Node("parent");
		Node child = new Node("child");
		parent.next = child;
		child.next = parent;
		try (AgentRun run = tracer.newRun("agent").sessionId("s").input(cyclic).start()) {
			tracer.callTool("walk", Map.of("map", cyclic, "list", list, "node", parent), () -> parent);
			tracer.callTool("getter", Map.of("bean", new ThrowingBean()), () -> new ThrowingBean());
			run.complete(child);
		}
		tracer.flush(Duration.ofSeconds(5));
		List<Map<String, Object>> lines = onlyFileLines();
		assertThat(lines).extracting(line -> line.get("event"))
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "RunCompleted");
		String file = lines.toString();
		assertThat(file).contains("[cycle: HashMap]").contains("[cycle: ArrayList]").contains("[unserializable");
		assertThat(TraceFiles.readTraceEvents(Files.list(traces()).findFirst().orElseThrow())).hasSize(6);
	}

	@Test
	void hugeResultIsTruncatedWithAVisibleMarker() throws Exception {
		AgentTracer tracer = tracer(ContentPolicy.defaults());
		String tenMegabytes = "y".repeat(10 * 1024 * 1024);
		List<String> manyItems = new ArrayList<>();
		for (int i = 0; i < 1_000_000; i++) {
			manyItems.add("item-" + i);
		}
		tracer.newRun("agent").sessionId("s").call(() -> {
			tracer.callTool("download", Map.of(), () -> tenMegabytes);
			tracer.callTool("list", Map.of(), () -> manyItems);
			return tenMegabytes;
		});
		tracer.flush(Duration.ofSeconds(10));
		Path file = traces().resolve("s.jsonl");
		assertThat(Files.size(file)).isLessThan(1_000_000);
		List<Map<String, Object>> lines = TraceFiles.readTraceFile(file);
		String result = (String) ((Map<?, ?>) lines.get(2).get("tool")).get("result");
		assertThat(result).hasSizeLessThan(100_100).startsWith("yyyy").endsWith("... [truncated 10385760 characters]");
		List<?> items = (List<?>) ((Map<?, ?>) lines.get(4).get("tool")).get("result");
		assertThat(items.size()).isLessThan(20_000);
		assertThat(items.get(items.size() - 1)).asString().startsWith("[truncated");
		assertThat((String) lines.get(5).get("content")).endsWith("characters]");
	}

	@Test
	void secretsInArgumentsResultsAndInputsAreRedacted() throws Exception {
		AgentTracer tracer = tracer(ContentPolicy.defaults());
		String openAi = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
		String celesto = "cel_live_0123456789abcdef";
		String aws = "AKIAIOSFODNN7EXAMPLE";
		tracer.newRun("agent").sessionId("s").input("my key is " + openAi).call(() -> {
			Map<String, Object> args = Map.of("query", "weather", "api_key", "plain-secret-value", "headers",
					Map.of("Authorization", "Bearer abcdefghijklmnop.qrstuv"), "max_tokens", 100, "aws", aws);
			return tracer.callTool("http_get", args, () -> "echo " + celesto);
		});
		tracer.flush(Duration.ofSeconds(5));
		String content = Files.readString(traces().resolve("s.jsonl"));
		assertThat(content).doesNotContain(openAi, celesto, aws, "plain-secret-value", "abcdefghijklmnop.qrstuv")
			.contains("[REDACTED]")
			.contains("\"max_tokens\":100")
			.contains("\"query\":\"weather\"")
			.contains("my key is [REDACTED]");
	}

	private void runWithCustomPatternAndCaptureOff() {
		AgentTracer tracer = tracer(ContentPolicy.defaults()
			.withExtraRedactionPatterns(List.of("acme-[0-9]{6}"))
			.withCaptureContent(false));
		tracer.newRun("agent").sessionId("s").input("secret input").call(() -> {
			AgentRun run = AgentTracer.currentRun();
			run.content("secret chunk");
			tracer.callTool("t", Map.of("a", "secret arg"), () -> {
				throw new IllegalStateException("failed for acme-123456");
			});
			return "x";
		});
	}

	@Test
	void captureOffRecordsStructureButNoContentAndCustomPatternsRedactErrors() throws Exception {
		try {
			runWithCustomPatternAndCaptureOff();
		}
		catch (IllegalStateException expected) {
			// the tool's exception is rethrown
		}
		this.tracer.flush(Duration.ofSeconds(5));
		String content = Files.readString(traces().resolve("s.jsonl"));
		assertThat(content).doesNotContain("secret input", "secret chunk", "secret arg", "acme-123456")
			.contains("failed for [REDACTED]")
			.contains("\"tool_name\":\"t\"")
			.contains("RunError");
	}

	@Test
	void filesAndDirectoryAreReadableByTheOwnerOnly() throws Exception {
		AgentTracer tracer = tracer(ContentPolicy.defaults());
		tracer.newRun("agent").sessionId("s").start().complete();
		tracer.flush(Duration.ofSeconds(5));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(traces()))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(traces().resolve("s.jsonl"))))
			.isEqualTo("rw-------");
	}

	@Test
	void malformedLineIsReportedWithFileAndLineNumber() throws Exception {
		Files.createDirectories(traces());
		Path file = traces().resolve("bad.jsonl");
		Files.writeString(file, "{\"event\":\"RunContentCompleted\"}\n\n{not json}\n", StandardCharsets.UTF_8);
		assertThatExceptionOfType(MalformedTraceFileException.class).isThrownBy(() -> TraceFiles.readTraceFile(file))
			.withMessageStartingWith(file + ":3: malformed JSON")
			.satisfies(ex -> assertThat(ex.lineNumber()).isEqualTo(3));
		assertThatExceptionOfType(MalformedTraceFileException.class).isThrownBy(() -> TraceFiles.readTraceEvents(file))
			.withMessageContaining(file + ":1: not a trace event: missing 'timestamp'");
		Files.writeString(file, "[1, 2]\n");
		assertThatExceptionOfType(MalformedTraceFileException.class).isThrownBy(() -> TraceFiles.readTraceFile(file))
			.withMessageStartingWith(file + ":1:");
		Files.writeString(file, "\n   \n");
		assertThat(TraceFiles.readTraceFile(file)).isEmpty();
	}

	@Test
	void mirrorsEachLineToStandardOutput() throws Exception {
		PrintStream original = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			this.tracer = AgentTracer.builder().exporter(new JsonlExporter(traces(), false, true)).build();
			this.tracer.newRun("agent").sessionId("s").start().complete("mirrored");
			this.tracer.shutdown(Duration.ofSeconds(5));
		}
		finally {
			System.setOut(original);
		}
		String[] printed = captured.toString(StandardCharsets.UTF_8).split("\n");
		assertThat(printed).hasSize(2);
		assertThat(printed[1]).contains("\"content\":\"mirrored\"");
		assertThat(Files.readAllLines(traces().resolve("s.jsonl"))).containsExactly(printed);
	}

	@Test
	void exporterDoesNotFailOnEventsItReceivesDirectly() throws Exception {
		RecordingExporter recorder = new RecordingExporter();
		this.tracer = AgentTracer.builder().exporter(recorder).build();
		this.tracer.newRun("agent").start().complete(Map.of("answer", 42));
		this.tracer.flush(Duration.ofSeconds(5));
		JsonlExporter exporter = new JsonlExporter(traces());
		exporter.export(recorder.events());
		exporter.shutdown();
		List<TraceEvent> read = TraceFiles.readTraceEvents(traces().resolve("default.jsonl"));
		assertThat(read).isEqualTo(recorder.events());
	}

	static final class Node {

		public final String name;

		public Node next;

		Node(String name) {
			this.name = name;
		}

	}

	static final class ThrowingBean {

		public String getValue() {
			throw new IllegalStateException("getter exploded");
		}

	}

}
