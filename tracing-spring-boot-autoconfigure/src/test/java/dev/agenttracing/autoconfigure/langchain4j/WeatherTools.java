package dev.agenttracing.autoconfigure.langchain4j;

import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

import dev.agenttracing.AgentTracer;

/** LangChain4j tools, the last of which fails. */
public class WeatherTools {

	final AtomicInteger calls = new AtomicInteger();

	volatile boolean ranInRun;

	@Tool("The weather in a city now")
	public String weather(@P("the city") String city) {
		this.calls.incrementAndGet();
		this.ranInRun = AgentTracer.currentRun() != null;
		return "sunny in " + city;
	}

	@Tool("The forecast for a city")
	public String forecast(@P("the city") String city, @P("days ahead") int days) {
		this.calls.incrementAndGet();
		return "dry for " + days + " days in " + city;
	}

	@Tool(name = "lookup_ticket", value = "Looks a ticket up")
	public String lookupTicket(@P("the ticket id") int id) {
		throw new IllegalStateException("ticket store is down");
	}

}
