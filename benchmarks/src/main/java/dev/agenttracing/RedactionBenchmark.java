package dev.agenttracing;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What redacting one captured field costs, with the default policy (the built-in
 * patterns, a 100,000-character limit): ordinary support-ticket text, the same text with
 * secrets in it, and text made to make a pattern backtrack ({@code -eyJ} and
 * {@code password=} repeated), each of 1 KiB and 100 KiB. Divide the score by the size in
 * KiB for the cost per KiB. In package {@code dev.agenttracing} to reach the
 * package-private sanitizer the tracer uses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class RedactionBenchmark {

	private static final String ORDINARY = "Ticket #1042 from Acme Corp: the invoice PDF shows the wrong amount "
			+ "(expected 1,250.00 EUR, shows 1,520.00). Customer says: \"we were charged twice, see order-12345; "
			+ "status: open, priority: p2, ratio=3:4\". Steps: 1. open https://example.com/billing?id=7 2. download. ";

	private static final String SECRETS = "Use sk-proj-abcdefghijklmnopqrstuvwxyz0123 with Bearer abcdefgh12345678 "
			+ "against postgres://admin:s3cr3t-pass@db.internal:5432/orders; password=hunter22 ";

	@Param({ "ordinary", "secrets", "adversarial" })
	public String text = "ordinary";

	@Param({ "1024", "102400" })
	public int size = 1024;

	private ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults());

	private String field = "";

	@Setup
	public void setUp() {
		String piece = switch (this.text) {
			case "ordinary" -> ORDINARY;
			case "secrets" -> ORDINARY + SECRETS;
			default -> "-eyJ-eyJ-eyJ-eyJ password=password=://a:";
		};
		this.field = piece.repeat(this.size / piece.length() + 1).substring(0, this.size);
	}

	@Benchmark
	public String redact() {
		return this.sanitizer.string(this.field);
	}

}
