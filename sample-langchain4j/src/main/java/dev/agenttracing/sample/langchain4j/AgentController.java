package dev.agenttracing.sample.langchain4j;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs the Support Agent: {@code POST /api/agent/runs {"input", "sessionId"}}. */
@RestController
@RequestMapping("/api/agent")
class AgentController {

	private final SupportAgent agent;

	AgentController(SupportAgent agent) {
		this.agent = agent;
	}

	@PostMapping("/runs")
	Answer run(@RequestBody Question question) {
		String session = (question.sessionId() != null && !question.sessionId().isBlank()) ? question.sessionId()
				: "default";
		return new Answer(session, this.agent.answer(session, question.input()));
	}

	/** The request: the customer's message and their session. */
	record Question(String input, @Nullable String sessionId) {
	}

	/** The answer, with the session whose trace file holds the run. */
	record Answer(String sessionId, String answer) {
	}

}
