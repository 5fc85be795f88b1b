package io.learncast.app.service;

import io.learncast.app.json.ErrorJson;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Reads every request body whole, without a thread, before a handler runs: a client that sends half a body
 * holds a connection, never a worker. A body must arrive within {@link #deadlineMs} of its headers and be at most
 * {@link #maxBytes}; otherwise the request is answered 408 or 413 (JSON, as every other error) and the connection
 * closed. (Jetty's own retained-content loader waits on past an idle timeout, and lets a client that drips a byte
 * at a time through: hence this one.)
 */
final class RequestBodies implements EagerContentHandler.ContentLoaderFactory {
    private final long maxBytes;
    private final long deadlineMs;

    RequestBodies(long maxBytes, long deadlineMs) {
        this.maxBytes = maxBytes;
        this.deadlineMs = deadlineMs;
    }

    @Override
    public String getApplicableMimeType() { return null; } // every content type

    @Override
    public EagerContentHandler.ContentLoader newContentLoader(String contentType, String mimeType, Handler handler, Request request, Response response,
                                                              Callback callback) {
        return new Loader(handler, request, response, callback);
    }

    private final class Loader extends EagerContentHandler.ContentLoader implements Invocable.Task {
        private final Deque<Content.Chunk> chunks = new ArrayDeque<>();
        private long size;
        private boolean finished;
        private Scheduler.Task deadline;

        Loader(Handler handler, Request request, Response response, Callback callback) {
            super(handler, request, response, callback);
        }

        @Override
        protected void load() {
            deadline = getRequest().getComponents().getScheduler().schedule(this::expire, deadlineMs, TimeUnit.MILLISECONDS);
            read(false);
        }

        /** Demanded content has arrived (or failed): read on, from whatever thread Jetty calls us on. */
        @Override
        public void run() { read(true); }

        @Override
        public InvocationType getInvocationType() { return InvocationType.NON_BLOCKING; }

        private void read(boolean demanded) {
            while (true) {
                Content.Chunk chunk;
                synchronized (this) {
                    if (finished) return;
                    chunk = getRequest().read();
                    if (chunk == null) {
                        getRequest().demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        // the connection timed out or broke while the body was on its way
                        finished = true;
                    } else {
                        chunks.add(chunk);
                        size += chunk.remaining();
                        if (size > maxBytes) finished = true;
                        else if (chunk.isLast()) finished = true;
                        else continue;
                    }
                }
                deadline.cancel();
                if (Content.Chunk.isFailure(chunk)) reject(408, "the request body did not arrive");
                else if (size > maxBytes) reject(413, "the request body is larger than " + maxBytes + " bytes");
                else if (demanded) getRequest().getContext().execute(this::dispatch);
                else dispatch();
                return;
            }
        }

        private void expire() {
            synchronized (this) {
                if (finished) return;
                finished = true;
            }
            reject(408, "the request body did not arrive within " + deadlineMs / 1000 + " s");
        }

        private void dispatch() {
            Replay request = new Replay(getRequest(), getCallback(), chunks);
            handle(request, getResponse(), request);
        }

        /** Answers without calling the handler, in the API's error shape, and closes the connection (its body was not read). */
        private void reject(int status, String message) {
            release();
            Response response = getResponse();
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            response.write(true, ByteBuffer.wrap(Json.bytes(new ErrorJson(message, "body"))), getCallback());
        }

        private synchronized void release() {
            chunks.forEach(Content.Chunk::release);
            chunks.clear();
        }
    }

    /** The request with its body already read: the chunks are handed out again, then released when the exchange ends. */
    private static final class Replay extends Request.Wrapper implements Callback {
        private final Deque<Content.Chunk> chunks;
        private final Callback callback;

        Replay(Request wrapped, Callback callback, Deque<Content.Chunk> chunks) {
            super(wrapped);
            this.callback = callback;
            this.chunks = new ArrayDeque<>(chunks);
        }

        @Override
        public InvocationType getInvocationType() { return callback.getInvocationType(); }

        @Override
        public Content.Chunk read() {
            synchronized (chunks) {
                Content.Chunk c = chunks.pollFirst();
                return c != null ? c : super.read();
            }
        }

        private void release() {
            synchronized (chunks) {
                chunks.forEach(Content.Chunk::release);
                chunks.clear();
            }
        }

        @Override
        public void succeeded() {
            release();
            callback.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            release();
            callback.failed(x);
        }
    }
}
