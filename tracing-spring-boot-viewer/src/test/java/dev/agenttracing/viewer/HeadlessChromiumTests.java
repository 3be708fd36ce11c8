package dev.agenttracing.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The browser tests fail, saying why, when Chromium is missing or cannot start: they
 * never skip.
 */
class HeadlessChromiumTests {

	@TempDir
	Path dir;

	@AfterEach
	void forgetTheFiles() {
		System.clearProperty("viewer.chromium");
		System.clearProperty("viewer.chromedriver");
	}

	@Test
	void failsSayingWhatToInstallWhenChromiumIsMissing() {
		System.setProperty("viewer.chromium", this.dir.resolve("no-chromium").toString());
		assertThatThrownBy(HeadlessChromium::start).isInstanceOf(AssertionError.class)
			.hasMessageContaining("Headless Chromium is needed")
			.hasMessageContaining("apt-get install -y chromium chromium-driver");
	}

	@Test
	void failsSayingWhatToInstallWhenChromedriverIsMissing() {
		System.setProperty("viewer.chromedriver", this.dir.resolve("no-chromedriver").toString());
		assertThatThrownBy(HeadlessChromium::start).isInstanceOf(AssertionError.class)
			.hasMessageContaining("chromedriver")
			.hasMessageContaining("apt-get install -y chromium chromium-driver");
	}

	@Test
	void failsWithTheReasonWhenChromiumCannotStart() throws Exception {
		Path broken = Files.writeString(this.dir.resolve("chromium"),
				"#!/bin/sh\necho 'no display, no luck' >&2\nexit 3\n");
		Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));
		System.setProperty("viewer.chromium", broken.toString());
		assertThatThrownBy(HeadlessChromium::start).isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("Could not start headless Chromium (" + broken);
	}

}
