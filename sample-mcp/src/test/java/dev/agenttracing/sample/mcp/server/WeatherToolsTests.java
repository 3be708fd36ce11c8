package dev.agenttracing.sample.mcp.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weather server's tools answer the same city the same way, every time.
 */
class WeatherToolsTests {

	private final WeatherTools tools = new WeatherTools();

	@Test
	void theWeatherOfACityIsAlwaysTheSame() {
		assertThat(this.tools.getWeather("Paris")).startsWith("Paris: ")
			.matches("Paris: [a-z]+, \\d+ °C")
			.isEqualTo(new WeatherTools().getWeather("Paris"));
	}

	@Test
	void aForecastHasOneEntryPerDayBetweenOneAndSeven() {
		assertThat(this.tools.getForecast("Oslo", 3).split("; ")).hasSize(3);
		assertThat(this.tools.getForecast("Oslo", 0).split("; ")).hasSize(1);
		assertThat(this.tools.getForecast("Oslo", 99).split("; ")).hasSize(WeatherTools.MAX_DAYS);
	}

}
