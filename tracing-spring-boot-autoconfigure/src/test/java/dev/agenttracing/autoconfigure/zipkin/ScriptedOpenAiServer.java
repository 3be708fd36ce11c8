package dev.agenttracing.autoconfigure.zipkin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible chat completions endpoint on 127.0.0.1 that follows a script: a
 * request without tool results gets an answer asking for two tool calls
 * ({@code lookup_ticket} and {@code search_kb}); a request with tool results gets the
 * final answer. Both streamed (server-sent events, usage in a last chunk) and not, with
 * usage in both.
 */
final class ScriptedOpenAiServer implements AutoCloseable {

	static final String MODEL = "gpt-4o-mini";

	static final String ANSWER = "Ticket 7 is covered by the refund policy.";

	private final HttpServer server;

	private final AtomicInteger ids = new AtomicInteger();

	private ScriptedOpenAiServer(HttpServer server) {
		this.server = server;
	}

	static ScriptedOpenAiServer start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		ScriptedOpenAiServer scripted = new ScriptedOpenAiServer(server);
		server.createContext("/", scripted::handle);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.start();
		return scripted;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (!exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			boolean stream = body.replace(" ", "").contains("\"stream\":true");
			boolean toolResults = body.replace(" ", "").contains("\"role\":\"tool\"");
			String id = "chatcmpl-" + this.ids.incrementAndGet();
			if (stream) {
				exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
				exchange.sendResponseHeaders(200, 0);
				OutputStream out = exchange.getResponseBody();
				for (String chunk : toolResults ? answerChunks(id) : toolCallChunks(id)) {
					out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
				out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
			}
			else {
				byte[] json = (toolResults ? answer(id) : toolCalls(id)).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, json.length);
				exchange.getResponseBody().write(json);
			}
		}
	}

	private static String toolCallsJson() {
		return "[{\"index\":0,\"id\":\"call_ticket\",\"type\":\"function\",\"function\":{\"name\":\"lookup_ticket\","
				+ "\"arguments\":\"{\\\"id\\\":7}\"}},{\"index\":1,\"id\":\"call_kb\",\"type\":\"function\",\"function\":"
				+ "{\"name\":\"search_kb\",\"arguments\":\"{\\\"query\\\":\\\"refund\\\"}\"}}]";
	}

	private static String usage(int input, int output) {
		return "{\"prompt_tokens\":" + input + ",\"completion_tokens\":" + output + ",\"total_tokens\":"
				+ (input + output) + "}";
	}

	private static String toolCalls(String id) {
		return completion(id,
				"{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":" + toolCallsJson() + "}",
				"tool_calls", usage(52, 31));
	}

	private static String answer(String id) {
		return completion(id, "{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\",\"refusal\":null}", "stop",
				usage(97, 12));
	}

	private static String completion(String id, String message, String finishReason, String usage) {
		return "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1767225600,\"model\":\"" + MODEL
				+ "\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"logprobs\":null,\"finish_reason\":\""
				+ finishReason + "\"}],\"usage\":" + usage + "}";
	}

	private static List<String> toolCallChunks(String id) {
		return List.of(
				chunk(id, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":" + toolCallsJson() + "}", null),
				chunk(id, "{}", "tool_calls"), usageChunk(id, usage(52, 31)));
	}

	private static List<String> answerChunks(String id) {
		String[] words = ANSWER.split("(?<= )");
		List<String> chunks = new java.util.ArrayList<>();
		chunks.add(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null));
		for (String word : words) {
			chunks.add(chunk(id, "{\"content\":\"" + word + "\"}", null));
		}
		chunks.add(chunk(id, "{}", "stop"));
		chunks.add(usageChunk(id, usage(97, 12)));
		return chunks;
	}

	private static String chunk(String id, String delta, String finishReason) {
		return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"" + MODEL
				+ "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
				+ ((finishReason != null) ? "\"" + finishReason + "\"" : "null") + "}]}";
	}

	private static String usageChunk(String id, String usage) {
		return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"" + MODEL
				+ "\",\"choices\":[],\"usage\":" + usage + "}";
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
