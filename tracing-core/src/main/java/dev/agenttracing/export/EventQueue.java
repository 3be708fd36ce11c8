package dev.agenttracing.export;

import java.util.List;

import dev.agenttracing.event.TraceEvent;

/**
 * The bounded ring of one {@link ExportChannel}. Unlike {@code ArrayBlockingQueue} it never signals a
 * waiting consumer by itself: {@link #offer(TraceEvent)} returns the size after adding, so that the
 * producer wakes the worker only when the worker asked for it (a full batch, or the first event of
 * one), instead of once per event.
 */
final class EventQueue {

	private final TraceEvent[] items;

	private int head;

	private int count;

	/** Events taken since the queue was made, counted under the lock the offer holds anyway. */
	private long accepted;

	EventQueue(int capacity) {
		this.items = new TraceEvent[capacity];
	}

	/** Adds the event; returns the number of events queued after adding it, or 0 if the queue was full. */
	synchronized int offer(TraceEvent event) {
		int capacity = this.items.length;
		if (this.count == capacity) {
			return 0;
		}
		int tail = this.head + this.count;
		this.items[(tail < capacity) ? tail : tail - capacity] = event;
		this.accepted++;
		return ++this.count;
	}

	/** Moves at most {@code max} events, oldest first, to {@code target}; returns how many. */
	synchronized int drainTo(List<TraceEvent> target, int max) {
		int n = Math.min(max, this.count);
		int capacity = this.items.length;
		for (int i = 0; i < n; i++) {
			target.add(this.items[this.head]);
			this.items[this.head] = null;
			this.head = (this.head + 1 < capacity) ? this.head + 1 : 0;
		}
		this.count -= n;
		return n;
	}

	synchronized int size() {
		return this.count;
	}

	synchronized long accepted() {
		return this.accepted;
	}

}
