package dev.agenttracing.sample.agent;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule-based model on its own, through a {@code ChatClient} made by hand: no Spring
 * context, no tracing.
 */
class RuleBasedSupportModelTests {

	private final SupportTools tools = new SupportTools();

	private final ChatClient chatClient = ChatClient.builder(new RuleBasedSupportModel()).build();

	@AfterEach
	void stopSearchThreads() {
		this.tools.destroy();
	}

	@Test
	void answersANonStreamingCallThroughSpringAisToolCallingLoopWithTheUsageOfItsThreeRounds() {
		Findings findings = new Findings();

		ChatResponse response = this.chatClient.prompt()
			.user("TCK-1044: our production API answers 503")
			.tools(this.tools)
			.toolContext(Map.of(Findings.KEY, findings))
			.call()
			.chatResponse();

		assertThat(response).isNotNull();
		assertThat(response.getResult().getOutput().getText())
			.startsWith("Ticket TCK-1044 (\"Production API answers 503 to every request\", Initech)")
			.endsWith("I escalated it to on-call engineering as ESC-TCK-1044 (priority p1).");
		assertThat(response.getMetadata().getModel()).isEqualTo(RuleBasedSupportModel.NAME);
		assertThat(response.getMetadata().getUsage().getCompletionTokens())
			// summed over the rounds
			.isGreaterThan(RuleBasedSupportModel.countWords(response.getResult().getOutput().getText()));
		assertThat(findings.getTicket()).extracting(Ticket::priority).isEqualTo("p1");
		assertThat(findings.getArticles()).extracting(Article::id).containsExactly("KB-3");
		assertThat(findings.getEscalation()).extracting(Escalation::id).isEqualTo("ESC-TCK-1044");
	}

}
