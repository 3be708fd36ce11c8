package dev.agenttracing.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import dev.agenttracing.event.TraceEvent;

/**
 * The bounded ring of one {@link ExportChannel}: many producers, one consumer (the channel's worker),
 * no lock. A producer claims a slot by advancing {@code tail} with one compare-and-set, then publishes
 * its event into the slot; the worker takes published events in order and advances {@code head}.
 * Unlike {@code ArrayBlockingQueue} it never signals a waiting consumer by itself:
 * {@link #offer(TraceEvent)} returns the size after adding, so that the producer wakes the worker only
 * when the worker asked for it (a full batch, or the first event of one), instead of once per event.
 *
 * <p>The slots are a power of two at least the capacity, so that an index is a mask away from its
 * slot; the capacity itself bounds how far {@code tail} may run ahead of {@code head}.
 */
final class EventQueue {

	/** The largest capacity: the slots are allocated up front. */
	static final int MAX_CAPACITY = 1 << 30;

	private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(TraceEvent[].class);

	private static final VarHandle TAIL;

	static {
		try {
			TAIL = MethodHandles.lookup().findVarHandle(EventQueue.class, "tail", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final TraceEvent[] slots;

	private final int mask;

	private final int capacity;

	/** Slots claimed by producers since the queue was made: the events it accepted. */
	@SuppressWarnings("unused")
	private volatile long tail;

	/** Events taken by the consumer since the queue was made; written by the consumer only. */
	private volatile long head;

	EventQueue(int capacity) {
		if (capacity < 1 || capacity > MAX_CAPACITY) {
			throw new IllegalArgumentException("capacity must be 1 to " + MAX_CAPACITY + " but was " + capacity);
		}
		int slots = (capacity == 1) ? 1 : Integer.highestOneBit(capacity - 1) << 1;
		this.slots = new TraceEvent[slots];
		this.mask = slots - 1;
		this.capacity = capacity;
	}

	/**
	 * Adds the event; never blocks.
	 * @return the number of events queued after adding it (at least 1), or 0 if the queue was full
	 */
	int offer(TraceEvent event) {
		long tail;
		do {
			tail = this.tail;
			if (tail - this.head >= this.capacity) {
				return 0;
			}
		}
		while (!TAIL.compareAndSet(this, tail, tail + 1));
		// the slot was emptied before the consumer advanced head past it, which this producer read above
		SLOTS.setRelease(this.slots, (int) tail & this.mask, event);
		return (int) Math.max(1, tail + 1 - this.head);
	}

	/**
	 * Moves at most {@code max} events, oldest first, to {@code target}; returns how many. Only the
	 * consumer calls it. It stops early at a slot that a producer has claimed but not yet filled: that
	 * event and those after it come with the next call.
	 */
	int drainTo(List<TraceEvent> target, int max) {
		long head = this.head;
		int taken = 0;
		while (taken < max) {
			int slot = (int) head & this.mask;
			TraceEvent event = (TraceEvent) SLOTS.getAcquire(this.slots, slot);
			if (event == null) {
				break;
			}
			this.slots[slot] = null;
			target.add(event);
			head++;
			taken++;
		}
		if (taken > 0) {
			this.head = head; // publishes the emptied slots to the producers
		}
		return taken;
	}

	/** The events queued, counting those claimed and not yet filled. */
	int size() {
		long size = this.tail - this.head;
		return (int) Math.max(0, Math.min(this.capacity, size));
	}

	/** The events accepted since the queue was made. */
	long accepted() {
		return this.tail;
	}

}
