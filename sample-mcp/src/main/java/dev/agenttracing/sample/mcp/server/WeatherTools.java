package dev.agenttracing.sample.mcp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * The weather server's tools. Deterministic: the same city always has the same weather,
 * so that a test can compare answers.
 */
@Component
public class WeatherTools {

	private static final String[] SKIES = { "sunny", "cloudy", "rainy", "windy", "foggy" };

	/** The longest forecast, in days. */
	static final int MAX_DAYS = 7;

	/**
	 * The weather in a city now.
	 * @param city the city
	 * @return its sky and temperature
	 */
	@Tool(name = "get_weather", description = "The current weather in a city")
	public String getWeather(@ToolParam(description = "The city, such as Paris") String city) {
		return String.format(Locale.ROOT, "%s: %s, %d °C", city, sky(city, 0), temperature(city, 0));
	}

	/**
	 * The weather in a city in the next days.
	 * @param city the city
	 * @param days the number of days, 1 to 7
	 * @return one line per day
	 */
	@Tool(name = "get_forecast", description = "The weather forecast of a city for the next days")
	public String getForecast(@ToolParam(description = "The city, such as Paris") String city,
			@ToolParam(description = "The number of days, 1 to 7") int days) {
		int count = Math.max(1, Math.min(MAX_DAYS, days));
		List<String> lines = new ArrayList<>(count);
		for (int day = 1; day <= count; day++) {
			lines.add(String.format(Locale.ROOT, "day %d: %s, %d °C", day, sky(city, day), temperature(city, day)));
		}
		return city + ": " + String.join("; ", lines);
	}

	private static String sky(String city, int day) {
		return SKIES[Math.floorMod(city.toLowerCase(Locale.ROOT).hashCode() + day, SKIES.length)];
	}

	private static int temperature(String city, int day) {
		return 8 + Math.floorMod(city.toLowerCase(Locale.ROOT).hashCode() * 31 + day * 7, 20);
	}

}
