package dev.agenttracing.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches when a retention limit of the JSONL files is set:
 * {@code tracing.jsonl.retention.max-age} or
 * {@code tracing.jsonl.retention.max-total-size}.
 */
class OnJsonlRetentionCondition extends AnyNestedCondition {

	OnJsonlRetentionCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnProperty("tracing.jsonl.retention.max-age")
	static class MaxAge {

	}

	@ConditionalOnProperty("tracing.jsonl.retention.max-total-size")
	static class MaxTotalSize {

	}

}
