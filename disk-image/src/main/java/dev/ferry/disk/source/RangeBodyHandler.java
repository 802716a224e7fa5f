package dev.ferry.disk.source;

import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Accepts the answer to one HTTP range request only if it is exactly what was asked for: 206 with a matching
 * {@code Content-Range}, or 200 when the whole file was asked for. The body goes into a buffer of the announced
 * length and not a byte more; anything else (a server that ignores ranges and starts sending the whole disk, a
 * mismatched range, an error status) is refused before the body is read, which closes the connection.
 */
final class RangeBodyHandler implements BodyHandler<RangeBodyHandler.Range> {

    /** What the server sent: {@code data} holds the bytes from {@code first}; {@code total} is -1 when unknown. */
    record Range(long first, byte[] data, long total) {
    }

    private final String source;
    private final long first;
    private final long last;
    private final long knownSize;
    private final boolean sizeProbe;

    /**
     * @param source description of the source, for messages
     * @param first first byte asked for
     * @param last last byte asked for (inclusive)
     * @param knownSize size of the file, or -1 while probing for it
     */
    RangeBodyHandler(String source, long first, long last, long knownSize) {
        this.source = source;
        this.first = first;
        this.last = last;
        this.knownSize = knownSize;
        this.sizeProbe = knownSize < 0;
    }

    @Override
    public BodySubscriber<Range> apply(ResponseInfo response) {
        int status = response.statusCode();
        Optional<ContentRange> range = response.headers().firstValue("Content-Range").flatMap(ContentRange::parse);
        OptionalLong contentLength = response.headers().firstValueAsLong("Content-Length");
        if (status == 206) {
            return partial(range, contentLength);
        }
        if (status == 200) {
            return whole(contentLength);
        }
        if (status == 416 && sizeProbe && range.isPresent() && range.get().first() < 0) {
            // Asking for byte 0 of an empty file is unsatisfiable; the header still tells the size.
            return new Bounded(first, 0, range.get().total());
        }
        return refuse(StatusMessages.describe(source, status), StatusMessages.isTransient(status));
    }

    private BodySubscriber<Range> partial(Optional<ContentRange> header, OptionalLong contentLength) {
        if (header.isEmpty() || header.get().first() < 0) {
            return refuse(source + ": server answered a range request with 206 but without a valid Content-Range",
                    false);
        }
        ContentRange range = header.get();
        boolean matches = range.first() == first && range.last() <= last
                && (knownSize < 0 || range.total() < 0 || range.total() == knownSize);
        if (!matches) {
            return refuse(source + ": asked for bytes " + first + "-" + last + " but the server sent bytes "
                    + range.first() + "-" + range.last() + "/" + (range.total() < 0 ? "*" : range.total())
                    + (knownSize >= 0 && range.total() >= 0 && range.total() != knownSize
                            ? " (the file changed size since it was opened)"
                            : ""),
                    false);
        }
        if (sizeProbe && range.total() < 0) {
            return refuse(source + ": server does not tell the file size (Content-Range total is '*')", false);
        }
        if (contentLength.isPresent() && contentLength.getAsLong() != range.length()) {
            return refuse(source + ": Content-Length " + contentLength.getAsLong() + " disagrees with Content-Range "
                    + range.first() + "-" + range.last(), false);
        }
        return new Bounded(first, (int) range.length(), range.total());
    }

    private BodySubscriber<Range> whole(OptionalLong contentLength) {
        boolean askedForWholeFile = first == 0 && knownSize >= 0 && last == knownSize - 1;
        if (askedForWholeFile && contentLength.isPresent() && contentLength.getAsLong() == knownSize) {
            return new Bounded(0, (int) knownSize, knownSize);
        }
        return refuse(source + ": server ignores HTTP Range requests (answered 200 with the whole file"
                + (contentLength.isPresent() ? " of " + contentLength.getAsLong() + " bytes" : "")
                + "); reading an image needs random access, so Ferry will not download it this way."
                + " Serve it from a server that supports ranges or copy it locally first.", false);
    }

    private static BodySubscriber<Range> refuse(String message, boolean transientFailure) {
        return new Refusing(new RemoteSourceException(message, transientFailure));
    }

    /** Cancels the body at once (closing the connection) and fails with a prepared exception. */
    private static final class Refusing implements BodySubscriber<Range> {

        private final CompletableFuture<Range> result = new CompletableFuture<>();

        Refusing(IOException failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public CompletionStage<Range> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

    /** Collects exactly the announced number of body bytes into a buffer of that size. */
    private final class Bounded implements BodySubscriber<Range> {

        private final CompletableFuture<Range> result = new CompletableFuture<>();
        private final long start;
        private final byte[] data;
        private final long total;
        private int received;
        private Flow.Subscription subscription;

        Bounded(long start, int length, long total) {
            this.start = start;
            this.data = new byte[length];
            this.total = total;
        }

        @Override
        public CompletionStage<Range> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int count = buffer.remaining();
                if (count > data.length - received) {
                    subscription.cancel();
                    result.completeExceptionally(new RemoteSourceException(source + ": server sent more than the "
                            + data.length + " bytes it announced", false));
                    return;
                }
                buffer.get(data, received, count);
                received += count;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable instanceof IOException ? throwable
                    : new RemoteSourceException(source + ": " + throwable, true, throwable));
        }

        @Override
        public void onComplete() {
            if (received != data.length) {
                result.completeExceptionally(new RemoteSourceException(source + ": response body ended after "
                        + received + " of " + data.length + " bytes", true));
            } else {
                result.complete(new Range(start, data, total));
            }
        }
    }
}
