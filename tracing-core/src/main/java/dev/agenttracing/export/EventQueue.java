package dev.agenttracing.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import dev.agenttracing.event.TraceEvent;

/**
 * The bounded ring of one {@link ExportChannel}: many producers, one consumer (the
 * channel's worker), no lock. A producer claims a slot by advancing {@code tail} with one
 * compare-and-set, then publishes its event into the slot; the worker takes published
 * events in order and advances {@code head}. Unlike {@code ArrayBlockingQueue} it never
 * signals a waiting consumer by itself: {@link #offer(TraceEvent)} returns the size after
 * adding, so that the producer wakes the worker only when the worker asked for it (a full
 * batch, or the first event of one), instead of once per event.
 *
 * <p>
 * Between its claim and its publish a producer holds a gap: the worker stops there until
 * the event arrives ({@link #headPending()} tells it so, {@link #claimed()} how far a
 * flush must get). Nothing between the two can throw, so a gap always closes.
 *
 * <p>
 * The slots are a power of two at least the capacity, so that an index is a mask away
 * from its slot; the capacity itself bounds how far {@code tail} may run ahead of
 * {@code head}. Once {@link #close() closed}, the queue takes no more events, and the
 * events claimed before are exactly those a final drain must export.
 */
final class EventQueue {

	/** The largest capacity: the slots are allocated up front. */
	static final int MAX_CAPACITY = 1 << 30;

	/** The bit of {@code tail} that closes the queue. */
	private static final long CLOSED = 1L << 62;

	private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(TraceEvent[].class);

	private static final VarHandle TAIL;

	static {
		try {
			TAIL = MethodHandles.lookup().findVarHandle(EventQueue.class, "tail", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
		// link the access modes used between a claim and its publish now, not in the gap
		TraceEvent[] probe = new TraceEvent[1];
		SLOTS.setRelease(probe, 0, null);
		SLOTS.getVolatile(probe, 0);
	}

	private final TraceEvent[] slots;

	private final int mask;

	private final int capacity;

	/**
	 * Slots claimed by producers since the queue was made (the events it accepted), and
	 * the {@link #CLOSED} bit.
	 */
	@SuppressWarnings("unused")
	private volatile long tail;

	/**
	 * Events taken by the consumer since the queue was made; written by the consumer
	 * only.
	 */
	private volatile long head;

	/**
	 * A queue of the given capacity, 1 to {@link #MAX_CAPACITY}, which
	 * {@link ExportChannel} checked.
	 */
	EventQueue(int capacity) {
		int slots = (capacity == 1) ? 1 : Integer.highestOneBit(capacity - 1) << 1;
		this.slots = new TraceEvent[slots];
		this.mask = slots - 1;
		this.capacity = capacity;
	}

	/**
	 * Adds the event; never blocks.
	 * @return the number of events queued after adding it (at least 1), or 0 if the queue
	 * was full or closed
	 */
	int offer(TraceEvent event) {
		long index = claim();
		if (index < 0) {
			return 0;
		}
		publish(index, event);
		return (int) Math.max(1, index + 1 - this.head);
	}

	/** Claims the next slot: its index, or -1 when the queue is full or closed. */
	long claim() {
		long tail;
		do {
			tail = this.tail;
			if ((tail & CLOSED) != 0 || tail - this.head >= this.capacity) {
				return -1;
			}
		}
		while (!TAIL.compareAndSet(this, tail, tail + 1));
		return tail;
	}

	/**
	 * Fills a claimed slot, which the consumer emptied before it advanced head past it,
	 * as the claim saw.
	 */
	void publish(long index, TraceEvent event) {
		int slot = (int) index & this.mask;
		try {
			SLOTS.setRelease(this.slots, slot, event);
		}
		catch (Throwable ex) {
			// a stack overflow inside the access must not leave a gap for good
			this.slots[slot] = event;
			throw ex;
		}
	}

	/**
	 * Moves at most {@code max} events, oldest first, to {@code target}; returns how
	 * many. Only the consumer calls it. It stops early at a slot that a producer has
	 * claimed but not yet filled: that event and those after it come with a later call.
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

	/**
	 * Whether the oldest claimed slot still waits for its event: the consumer must wait,
	 * not spin. A volatile read, so that a producer that publishes after the consumer
	 * announced its wait sees the announcement, or the consumer sees the event.
	 */
	boolean headPending() {
		long head = this.head;
		return (this.tail & ~CLOSED) > head && SLOTS.getVolatile(this.slots, (int) head & this.mask) == null;
	}

	/** The events taken by the consumer so far. */
	long taken() {
		return this.head;
	}

	/** The slots claimed so far: a flush is done when {@link #taken()} reaches this. */
	long claimed() {
		return this.tail & ~CLOSED;
	}

	/**
	 * Takes no more events from now on; {@link #claimed()} then says what a final drain
	 * must take.
	 */
	void close() {
		TAIL.getAndBitwiseOr(this, CLOSED);
	}

	boolean isClosed() {
		return (this.tail & CLOSED) != 0;
	}

	/** The events queued, counting those claimed and not yet filled. */
	int size() {
		long size = claimed() - this.head;
		return (int) Math.max(0, Math.min(this.capacity, size));
	}

	/** The events accepted since the queue was made. */
	long accepted() {
		return claimed();
	}

}
