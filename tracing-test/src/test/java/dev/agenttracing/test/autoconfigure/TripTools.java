package dev.agenttracing.test.autoconfigure;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/** The LangChain4j tools of {@link TripAssistant}; the booking lookup fails. */
public class TripTools {

	@Tool(name = "find_flights", value = "Finds the flights between two cities")
	public String findFlights(@P("from") String from, @P("to") String to) {
		return "AF-1234 " + from + "-" + to;
	}

	@Tool(name = "check_weather", value = "The weather in a city")
	public String checkWeather(@P("the city") String city, @P("days ahead") int days) {
		return "sunny in " + city + " for " + days + " days";
	}

	@Tool(name = "lookup_booking", value = "Looks a booking up")
	public String lookupBooking(@P("the booking's number") int number) {
		throw new IllegalStateException("booking store is down");
	}

}
