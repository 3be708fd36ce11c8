package dev.agenttracing.autoconfigure.springai;

import org.springframework.ai.chat.client.ChatClient;
import reactor.core.publisher.Flux;

import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;

/**
 * An agent on Spring AI's {@code ChatClient}, with the tool-calling loop Spring AI runs
 * itself.
 */
public class WeatherAgent {

	private final ChatClient chatClient;

	private final WeatherTools tools;

	public WeatherAgent(ChatClient.Builder builder, WeatherTools tools) {
		this.chatClient = builder.build();
		this.tools = tools;
	}

	@TracedRun("Weather Agent")
	public String answer(@SessionId String user, String question) {
		return this.chatClient.prompt().user(question).tools(this.tools).call().content();
	}

	@TracedRun("Weather Agent")
	public Flux<String> stream(@SessionId String user, String question) {
		return this.chatClient.prompt().user(question).stream().content();
	}

	@TracedRun("Weather Agent")
	public Flux<String> streamWithTools(@SessionId String user, String question) {
		return this.chatClient.prompt().user(question).tools(this.tools).stream().content();
	}

	/** Not traced: a ChatClient call outside any run. */
	public String untraced(String question) {
		return this.chatClient.prompt().user(question).tools(this.tools).call().content();
	}

	/** Not traced: a streamed ChatClient call outside any run. */
	public Flux<String> untracedStream(String question) {
		return this.chatClient.prompt().user(question).stream().content();
	}

}
