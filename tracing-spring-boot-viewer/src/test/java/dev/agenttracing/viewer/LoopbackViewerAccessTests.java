package dev.agenttracing.viewer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which host names and addresses are loopback ones: by their text, never looked up. */
class LoopbackViewerAccessTests {

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "localhost:8080", "LocalHost:1", "127.0.0.1", "127.0.0.1:8080",
			"127.255.0.9:443", "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:80", "[::ffff:127.0.0.1]:80" })
	void takesLoopbackHostNames(String host) {
		assertThat(LoopbackViewerAccess.isLoopbackHost(host)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "attacker.example", "localhost.attacker.example", "localhost.", "127.0.0.1.nip.io",
			"127.0.0.1:8080:1", "localhost:abc", "localhost:", "128.0.0.1", "127.0.0", "127.0.0.256", "[::2]", "[1::]",
			"[::]", "[::1", "[::1]x", "0.0.0.0", "[fe80::1]", "::1" })
	void refusesOtherHostNames(String host) {
		assertThat(LoopbackViewerAccess.isLoopbackHost(host)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "0:0::1", "::ffff:127.0.0.1",
			"0:0:0:0:0:0:0:1%0", "::1%lo" })
	void takesLoopbackAddresses(String address) {
		assertThat(LoopbackViewerAccess.isLoopbackAddress(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "10.0.0.1", "203.0.113.7", "::", "1::", "::2", "fe80::1", "0:0:0:0:0:0:1:1",
			"::ffff:10.0.0.1", "localhost" })
	void refusesOtherAddresses(String address) {
		assertThat(LoopbackViewerAccess.isLoopbackAddress(address)).isFalse();
	}

}
