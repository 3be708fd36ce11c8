package dev.agenttracing.viewer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver: {@code chromium} and
 * {@code chromedriver} found on the {@code PATH} (packages {@code chromium} and
 * {@code chromium-driver}; the system properties {@code viewer.chromium} and
 * {@code viewer.chromedriver} name other files). No download and no network but
 * 127.0.0.1. When Chromium cannot start, this fails the tests with the reason: the
 * browser tests never pass or skip silently.
 */
final class HeadlessChromium implements AutoCloseable {

	private final WebDriver driver;

	private final Path profile;

	private HeadlessChromium(WebDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	static HeadlessChromium start() {
		String install = " Install the Debian packages chromium and chromium-driver "
				+ "(apt-get install -y chromium chromium-driver; .ci/run does it when they are missing).";
		String chromium = executable("viewer.chromium", "chromium");
		if (chromium == null) {
			throw new AssertionError("Headless Chromium is needed for the viewer's browser tests, but there is no "
					+ "executable chromium on the PATH (or at -Dviewer.chromium)." + install);
		}
		String chromedriver = executable("viewer.chromedriver", "chromedriver");
		if (chromedriver == null) {
			throw new AssertionError("The viewer's browser tests drive Chromium through chromedriver, but there is no "
					+ "executable chromedriver on the PATH (or at -Dviewer.chromedriver)." + install);
		}
		Path profile;
		try {
			profile = Files.createTempDirectory("viewer-chromium-");
		}
		catch (IOException ex) {
			throw new AssertionError("Could not create a profile directory for Chromium", ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile, "--no-proxy-server", "--disable-dev-shm-usage", "--window-size=1400,1000",
				"--lang=en-US");
		File log = Path.of("target", "chromedriver.log").toFile();
		log.getParentFile().mkdirs();
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
			.usingAnyFreePort()
			.withLogFile(log)
			.withTimeout(Duration.ofSeconds(30))
			.build();
		try {
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
			return new HeadlessChromium(driver, profile);
		}
		catch (RuntimeException ex) {
			delete(profile);
			throw new AssertionError("Could not start headless Chromium (" + chromium + " through " + chromedriver
					+ "): " + ex.getMessage() + " See " + log.getAbsolutePath() + "." + install, ex);
		}
	}

	/**
	 * The file a system property names, else the program of that name on the PATH; null
	 * when not executable.
	 */
	private static @Nullable String executable(String property, String name) {
		String configured = System.getProperty(property);
		if (configured != null) {
			return Files.isExecutable(Path.of(configured)) ? configured : null;
		}
		String path = System.getenv("PATH");
		for (String dir : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
				return Path.of(dir, name).toString();
			}
		}
		return null;
	}

	WebDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			delete(this.profile);
		}
	}

	private static void delete(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

}
