package dev.agenttracing.export.celesto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Packs serialized items into {@code {"data": [...]}} bodies bounded in item count and in
 * bytes.
 */
final class RequestBodies {

	private static final byte[] START = "{\"data\":[".getBytes(StandardCharsets.UTF_8);

	private static final byte[] END = "]}".getBytes(StandardCharsets.UTF_8);

	/** The bytes of a body holding no item. */
	static final int OVERHEAD = START.length + END.length;

	private RequestBodies() {
	}

	/**
	 * Packs the items, in order, into as few bodies as the limits allow.
	 * @param items the items as JSON
	 * @param maxItems the most items in one body
	 * @param maxBytes the most bytes of one body
	 * @param oversize told the size of each item too big for any body; such an item is
	 * left out
	 * @return the bodies
	 */
	static List<Body> split(List<byte[]> items, int maxItems, int maxBytes, IntConsumer oversize) {
		List<Body> bodies = new ArrayList<>();
		ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(maxBytes, 64 * 1024));
		int count = 0;
		for (byte[] item : items) {
			if (item.length + OVERHEAD > maxBytes) {
				oversize.accept(item.length);
				continue;
			}
			if (count > 0 && (count >= maxItems || body.size() + 1 + item.length + END.length > maxBytes)) {
				bodies.add(finish(body, count));
				body.reset();
				count = 0;
			}
			if (count == 0) {
				body.writeBytes(START);
			}
			else {
				body.write(',');
			}
			body.writeBytes(item);
			count++;
		}
		if (count > 0) {
			bodies.add(finish(body, count));
		}
		return bodies;
	}

	private static Body finish(ByteArrayOutputStream body, int count) {
		body.writeBytes(END);
		return new Body(body.toByteArray(), count);
	}

	/**
	 * One request body.
	 *
	 * @param bytes the JSON
	 * @param items how many items it holds
	 */
	record Body(byte[] bytes, int items) {
	}

}
