package dev.agenttracing.sample.mcp.client;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The travel agent's API: {@code POST /api/agent/ask} with a question (and a session id)
 * answers it with the MCP server's tools. The tracing starter makes each call a run of
 * agent {@code spring.application.name}, in the given session.
 */
@RestController
class TravelAgentController {

	private final ChatClient chatClient;

	private final ToolCallbackProvider mcpTools;

	TravelAgentController(ChatClient.Builder builder, ToolCallbackProvider mcpTools) {
		this.chatClient = builder.build();
		this.mcpTools = mcpTools;
	}

	@PostMapping("/api/agent/ask")
	Answer ask(@RequestBody Question question) {
		String session = (question.sessionId() != null) ? question.sessionId() : "default";
		String text = this.chatClient.prompt()
			.user(question.question())
			.toolCallbacks(this.mcpTools)
			.advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, session))
			.call()
			.content();
		return new Answer((text != null) ? text : "");
	}

	/**
	 * A question to the agent.
	 *
	 * @param question the question, such as "What is the weather in Paris?"
	 * @param sessionId the session it belongs to, {@code default} when missing
	 */
	record Question(String question, @Nullable String sessionId) {
	}

	/**
	 * The agent's answer.
	 *
	 * @param answer its text
	 */
	record Answer(String answer) {
	}

}
