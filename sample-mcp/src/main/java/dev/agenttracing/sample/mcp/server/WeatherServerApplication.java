package dev.agenttracing.sample.mcp.server;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The weather server: an MCP server named {@code weather-server} (streamable HTTP on
 * {@code /mcp}) with two tools, {@code get_weather} and {@code get_forecast}. With the
 * tracing starter each tool call is a run of its own, continuing the caller's trace when
 * the caller sends one. Its settings are in {@code weather-server.yml}.
 *
 * <pre>
 * java -jar sample-mcp/target/sample-mcp-0.1.0-SNAPSHOT-weather-server.jar
 * </pre>
 */
@SpringBootApplication
public class WeatherServerApplication {

	/**
	 * The application, reading its settings from {@code weather-server.yml}.
	 * @return a builder to add properties to and run
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(WeatherServerApplication.class)
			.properties("spring.config.name=weather-server");
	}

	/**
	 * Starts the server.
	 * @param args command line arguments, such as {@code --server.port=8090}
	 */
	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The tools the MCP server publishes.
	 * @param tools the tool methods
	 * @return their callbacks
	 */
	@Bean
	ToolCallbackProvider weatherToolCallbacks(WeatherTools tools) {
		return MethodToolCallbackProvider.builder().toolObjects(tools).build();
	}

}
