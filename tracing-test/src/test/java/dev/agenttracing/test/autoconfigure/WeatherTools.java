package dev.agenttracing.test.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

import dev.agenttracing.annotation.TracedTool;

/** Spring AI tools: one plain {@code @Tool}, one that is also a {@code @TracedTool}. */
public class WeatherTools {

	private final AtomicInteger calls = new AtomicInteger();

	/** How often a tool ran (a method: the bean is a proxy). */
	public int calls() {
		return this.calls.get();
	}

	@Tool(description = "The current weather in a city")
	public String weather(@ToolParam(description = "the city") String city) {
		this.calls.incrementAndGet();
		return "sunny in " + city;
	}

	@Tool(description = "The forecast for a city")
	@TracedTool
	public String forecast(@ToolParam(description = "the city") String city,
			@ToolParam(description = "how many days") int days) {
		this.calls.incrementAndGet();
		return "dry for " + days + " days in " + city;
	}

}
