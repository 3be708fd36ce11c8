package dev.agenttracing.sample.mcp.client;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The travel agent: answers travel questions with a Spring AI {@code ChatClient} whose
 * (scripted, local) model asks for the weather server's tools, which Spring AI's MCP
 * client calls. With the tracing starter on both sides the question, the agent's run, its
 * MCP tool calls and the server's runs are one trace. Its settings are in
 * {@code travel-agent.yml}; the weather server must be running first.
 *
 * <pre>
 * java -jar sample-mcp/target/sample-mcp-0.1.0-SNAPSHOT-travel-agent.jar
 * curl -s -H 'Content-Type: application/json' \
 *     -d '{"question": "What is the weather in Paris?", "sessionId": "trip-1"}' \
 *     http://localhost:8080/api/agent/ask
 * </pre>
 */
@SpringBootApplication
public class TravelAgentApplication {

	/**
	 * The application, reading its settings from {@code travel-agent.yml}.
	 * @return a builder to add properties to and run
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(TravelAgentApplication.class).properties("spring.config.name=travel-agent");
	}

	/**
	 * Starts the travel agent.
	 * @param args command line arguments, such as
	 * {@code --spring.ai.mcp.client.streamable-http.connections.weather.url=http://127.0.0.1:8090}
	 */
	public static void main(String[] args) {
		application().run(args);
	}

}
