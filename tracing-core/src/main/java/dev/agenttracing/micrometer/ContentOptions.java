package dev.agenttracing.micrometer;

/**
 * What content goes on spans, and how long an attribute may be.
 *
 * @param includeContent whether captured content goes on spans
 * @param openInference whether the OpenInference keys go on spans too
 * @param maxLength the longest attribute value; longer ones are cut with a visible marker
 */
record ContentOptions(boolean includeContent, boolean openInference, int maxLength) {

	static final ContentOptions NONE = new ContentOptions(false, false, Integer.MAX_VALUE);

	/** The value cut to the limit, with the marker the trace files use. */
	String truncate(String value) {
		if (this.maxLength <= 0 || value.length() <= this.maxLength) {
			return value;
		}
		int end = this.maxLength;
		if (Character.isHighSurrogate(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(0, end) + "... [truncated " + (value.length() - end) + " characters]";
	}

}
