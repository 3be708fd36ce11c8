package dev.agenttracing.autoconfigure.langchain4j;

import java.util.Map;
import java.util.Objects;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.AiServices;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;

/**
 * Traces LangChain4j AI services: every call of a service method is a run when no run is
 * current (agent name: the {@code @TracedRun} name of the interface method if it has one,
 * else the name configured here, else the interface's simple name; session: the
 * {@code @MemoryId} argument, if any) and part of the current run otherwise; every
 * request to its chat model (blocking or streaming) is a model call, every tool it runs a
 * tool call with the model's call id, and a {@code TokenStream} answer is recorded as
 * {@code RunContent} chunks then {@code RunContentCompleted}.
 *
 * <p>
 * AI services that are Spring beans are traced automatically. One line traces a service
 * built by hand:
 *
 * <pre class="code">
 * &#64;Bean
 * CommandLineRunner ask(LangChain4jTracing tracing, ChatModel model, SupportTools tools) {
 *     Assistant assistant = tracing.trace(AiServices.builder(Assistant.class).chatModel(model).tools(tools).build());
 *     return (args) -&gt; assistant.chat("Where is ticket 7?");
 * }
 * </pre>
 */
public final class LangChain4jTracing {

	private static final Log logger = LogFactory.getLog(LangChain4jTracing.class);

	private final AgentTracer tracer;

	private final Map<String, String> agentNames;

	/**
	 * Creates the tracing of AI services, named after their interfaces.
	 * @param tracer the tracer that records the runs
	 */
	public LangChain4jTracing(AgentTracer tracer) {
		this(tracer, Map.of());
	}

	/**
	 * Creates the tracing of AI services.
	 * @param tracer the tracer that records the runs
	 * @param agentNames agent names by the simple or fully qualified name of the AI
	 * service interface; others are named after their interface's simple name
	 */
	public LangChain4jTracing(AgentTracer tracer, Map<String, String> agentNames) {
		this.tracer = Objects.requireNonNull(tracer, "tracer");
		this.agentNames = Map.copyOf(agentNames);
	}

	/**
	 * Traces an AI service that {@code AiServices} built: records its model calls and
	 * tools from now on, and returns the service to call, which records each call as a
	 * run. Calling it again with the returned service returns it unchanged.
	 * @param <T> the service's interface
	 * @param aiService the service {@link AiServices#build()} returned
	 * @return the traced service, of the same interface
	 */
	@SuppressWarnings("unchecked")
	public <T> T trace(T aiService) {
		Objects.requireNonNull(aiService, "aiService");
		if (TracedAiService.isTraced(aiService)) {
			return aiService;
		}
		AiServiceContext context = AiServiceContexts.of(aiService);
		if (context == null) {
			logger.warn("Not an AI service built by LangChain4j's AiServices, left untraced: " + aiService.getClass());
			return aiService;
		}
		try {
			instrument(context);
			Class<?> type = context.aiServiceClass;
			return (T) TracedAiService.wrap(aiService, aiService.getClass().getInterfaces(), this.tracer,
					agentName(type), model(context));
		}
		catch (RuntimeException ex) {
			// tracing never stops the application from using its service
			logger.warn("Could not trace the AI service " + context.aiServiceClass.getName(), ex);
			return aiService;
		}
	}

	/**
	 * Adds the model listener and the tool hooks to an AI service's context: for
	 * integrations that build AI services themselves.
	 * @param context the context of the service, before or after it is built
	 */
	public static void instrument(AiServiceContext context) {
		if (context.chatModel != null) {
			context.chatModel = TracingChatModel.wrap(context.chatModel);
		}
		if (context.streamingChatModel != null) {
			context.streamingChatModel = TracingStreamingChatModel.wrap(context.streamingChatModel);
		}
		ToolHooks.install(context.toolService);
	}

	/**
	 * A chat model that records its requests as model calls of the current run: for a
	 * model called directly rather than through an AI service.
	 * @param model the model
	 * @return the recording model
	 */
	public static ChatModel chatModel(ChatModel model) {
		return TracingChatModel.wrap(model);
	}

	/**
	 * A streaming chat model that records its requests as model calls of the current run:
	 * for a model called directly rather than through an AI service.
	 * @param model the model
	 * @return the recording model
	 */
	public static StreamingChatModel streamingChatModel(StreamingChatModel model) {
		return TracingStreamingChatModel.wrap(model);
	}

	String agentName(Class<?> type) {
		String name = this.agentNames.get(type.getName());
		if (name == null) {
			name = this.agentNames.get(type.getSimpleName());
		}
		return (name != null) ? name : type.getSimpleName();
	}

	private static @Nullable String model(AiServiceContext context) {
		try {
			ChatRequestParameters parameters = (context.chatModel != null)
					? context.chatModel.defaultRequestParameters() : (context.streamingChatModel != null)
							? context.streamingChatModel.defaultRequestParameters() : null;
			return (parameters != null) ? parameters.modelName() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
