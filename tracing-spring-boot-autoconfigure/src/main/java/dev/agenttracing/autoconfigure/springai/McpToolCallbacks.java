package dev.agenttracing.autoconfigure.springai;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.mcp.SyncMcpToolCallback;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.util.ClassUtils;

import dev.agenttracing.micrometer.GenAiKeys;

/**
 * What a Spring AI tool callback for a tool of an MCP server tells of the calls it makes:
 * the attributes of their tool calls, keyed as the OpenTelemetry conventions for the
 * Model Context Protocol name them ({@code mcp.method.name}, {@code mcp.session.id},
 * {@code mcp.protocol.version}) and {@code mcp.server.name}, the name the server gave in
 * its answer to {@code initialize}.
 *
 * <p>
 * Spring AI 2.0's {@code SyncMcpToolCallback} does not expose its client, nor the MCP
 * Java SDK 2.0's client its session id: both are read from their fields, once per
 * callback class, and a fact that cannot be read is left out (logged once at debug
 * level). Only the sync callback is recognized; the async one's calls are recorded
 * without these attributes.
 */
final class McpToolCallbacks {

	private static final Log logger = LogFactory.getLog(McpToolCallbacks.class);

	private static final boolean PRESENT = ClassUtils.isPresent("org.springframework.ai.mcp.SyncMcpToolCallback",
			McpToolCallbacks.class.getClassLoader());

	private McpToolCallbacks() {
	}

	/** Whether the callback calls a tool of an MCP server. */
	static boolean isMcp(ToolCallback callback) {
		return PRESENT && Sync.isMcp(callback);
	}

	/**
	 * The attributes of a call through the callback, or {@code null} when it calls no
	 * tool of an MCP server.
	 */
	static @Nullable Map<String, String> attributes(ToolCallback callback) {
		if (!isMcp(callback)) {
			return null;
		}
		try {
			return Sync.attributes(callback);
		}
		catch (RuntimeException | LinkageError ex) {
			return Map.of(GenAiKeys.MCP_METHOD_NAME, "tools/call");
		}
	}

	/** What needs the MCP classes: loaded only when they are present. */
	private static final class Sync {

		private static final @Nullable Field CLIENT = field(SyncMcpToolCallback.class, "mcpClient");

		private static final @Nullable Field ASYNC_CLIENT = field(McpSyncClient.class, "delegate");

		private static final @Nullable Field TRANSPORT = field(McpAsyncClient.class, "transport");

		/** The {@code activeSession} field of each transport class, if it has one. */
		private static final ClassValue<Optional<Field>> ACTIVE_SESSION = new ClassValue<>() {

			@Override
			protected Optional<Field> computeValue(Class<?> type) {
				return Optional.ofNullable(field(type, "activeSession"));
			}

		};

		static boolean isMcp(ToolCallback callback) {
			return callback instanceof SyncMcpToolCallback;
		}

		static Map<String, String> attributes(ToolCallback callback) {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put(GenAiKeys.MCP_METHOD_NAME, "tools/call");
			McpSyncClient client = (read(CLIENT, callback) instanceof McpSyncClient sync) ? sync : null;
			if (client == null) {
				return attributes;
			}
			String sessionId = sessionId(client);
			if (sessionId != null) {
				attributes.put(GenAiKeys.MCP_SESSION_ID, sessionId);
			}
			McpSchema.InitializeResult initialized = client.getCurrentInitializationResult();
			if (initialized != null) {
				if (initialized.protocolVersion() != null) {
					attributes.put(GenAiKeys.MCP_PROTOCOL_VERSION, initialized.protocolVersion());
				}
				if (initialized.serverInfo() != null && initialized.serverInfo().name() != null) {
					attributes.put(GenAiKeys.MCP_SERVER_NAME, initialized.serverInfo().name());
				}
			}
			return attributes;
		}

		/**
		 * The session id of a client on the streamable HTTP transport (the server's
		 * {@code Mcp-Session-Id}); none on other transports.
		 */
		private static @Nullable String sessionId(McpSyncClient client) {
			Object async = read(ASYNC_CLIENT, client);
			Object transport = (async != null) ? read(TRANSPORT, async) : null;
			if (transport == null) {
				return null;
			}
			Field activeSession = ACTIVE_SESSION.get(transport.getClass()).orElse(null);
			if (activeSession != null && read(activeSession, transport) instanceof AtomicReference<?> reference
					&& reference.get() instanceof McpTransportSession<?> session) {
				Optional<String> id = session.sessionId();
				return id.orElse(null);
			}
			return null;
		}

		private static @Nullable Object read(@Nullable Field field, Object target) {
			if (field == null) {
				return null;
			}
			try {
				return field.get(target);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}

		private static @Nullable Field field(Class<?> type, String name) {
			try {
				Field field = type.getDeclaredField(name);
				field.setAccessible(true);
				return field;
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.debug("MCP tool calls are recorded without what " + type.getName() + "." + name + " would tell",
						ex);
				return null;
			}
		}

	}

}
