package dev.agenttracing.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application: a "Support Agent" behind a small HTTP API, traced by the
 * {@code tracing-spring-boot-starter} into {@code ./traces/{session}.jsonl}.
 *
 * <pre>
 * java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar
 * curl -s -H 'Content-Type: application/json' \
 *     -d '{"input": "Ticket #1042: the invoice PDF shows the wrong amount", "sessionId": "user-42"}' \
 *     http://localhost:8080/api/agent/runs
 * </pre>
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Starts the application.
	 * @param args command line arguments, such as
	 * {@code --tracing.jsonl.dir=build/traces}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
