package dev.agenttracing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/** Finishes a span when the stage its work returned completes. */
final class CompletionStages {

	private CompletionStages() {
	}

	/**
	 * Calls {@code onValue} or {@code onError} when the stage completes.
	 * @return what the caller gets: for a plain {@code CompletableFuture}, a new one that
	 * completes exactly as the given one (same value, same exception object) right after
	 * the callback ran, and whose cancellation cancels the given one; for other stages, a
	 * dependent stage when it is of the same class, else the given stage
	 */
	@SuppressWarnings("unchecked")
	static CompletionStage<?> whenComplete(CompletionStage<?> stage, Consumer<@Nullable Object> onValue,
			Consumer<Throwable> onError) {
		BiConsumer<@Nullable Object, @Nullable Throwable> record = (value, error) -> {
			if (error != null) {
				onError.accept(unwrap(error));
			}
			else {
				onValue.accept(value);
			}
		};
		if (stage.getClass() == CompletableFuture.class) {
			CompletableFuture<Object> original = (CompletableFuture<Object>) stage;
			CompletableFuture<Object> mirror = new CompletableFuture<>();
			original.whenComplete((value, error) -> {
				try {
					record.accept(value, error);
				}
				finally {
					if (error != null) {
						mirror.completeExceptionally(error);
					}
					else {
						mirror.complete(value);
					}
				}
			});
			mirror.whenComplete((value, error) -> {
				if (mirror.isCancelled() && !original.isDone()) {
					original.cancel(false);
				}
			});
			return mirror;
		}
		CompletionStage<?> dependent = stage.whenComplete(record);
		return stage.getClass().isInstance(dependent) ? dependent : stage;
	}

	/** The cause of the wrappers that futures add. */
	static Throwable unwrap(Throwable error) {
		Throwable cause = error.getCause();
		return ((error instanceof CompletionException || error instanceof ExecutionException) && cause != null) ? cause
				: error;
	}

}
