package io.flashgroup.shared;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A deadline for each request head: from the first byte of a request until its headers
 * are decoded, at most {@code flashgroup.server.request-head-timeout}. The idle timeout
 * restarts on every byte and Reactor Netty's read and request timeouts start only once
 * the headers are decoded, so without it a client trickling one header byte every few
 * seconds (a slow-loris) holds a connection for as long as it likes. Past the deadline
 * the connection is answered 408 (when no answer to an earlier request is under way) and
 * closed. Two handlers share the state of a connection: one in front of the HTTP decoder
 * sees the bytes arrive, one behind it sees the decoded head and the answers go out.
 * After a WebSocket upgrade the decoder is gone and so is the deadline.
 */
@Component
class RequestHeadDeadline implements NettyServerCustomizer {

	private static final String ARRIVALS = "flashgroup.headDeadline.arrivals";

	private static final String HEADS = "flashgroup.headDeadline.heads";

	private final long timeoutNanos;

	private final ProblemWriter writer;

	RequestHeadDeadline(HttpServerProperties properties, ProblemWriter writer) {
		this.timeoutNanos = properties.requestHeadTimeout().toNanos();
		this.writer = writer;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(ARRIVALS) == null) {
				Connection connection = new Connection();
				pipeline.addBefore(NettyPipeline.HttpCodec, ARRIVALS, connection.arrivals);
				pipeline.addAfter(NettyPipeline.HttpCodec, HEADS, connection.heads);
			}
		});
	}

	/** The deadline state of one connection; touched on its event loop only. */
	private final class Connection {

		final Arrivals arrivals = new Arrivals();

		final Heads heads = new Heads();

		/** A request's first bytes arrived and its head is not decoded yet. */
		private @Nullable ScheduledFuture<?> deadline;

		/** A head was decoded and the last of its body was not. */
		private boolean inRequest;

		/** Requests whose answer has not been written to the end. */
		private int unanswered;

		void bytesArrived(ChannelHandlerContext ctx) {
			if (this.deadline == null && !this.inRequest) {
				this.deadline = ctx.executor()
					.schedule(() -> expired(ctx), RequestHeadDeadline.this.timeoutNanos, TimeUnit.NANOSECONDS);
			}
		}

		void headDecoded(boolean last) {
			cancel();
			this.inRequest = !last;
			this.unanswered++;
		}

		void cancel() {
			if (this.deadline != null) {
				this.deadline.cancel(false);
				this.deadline = null;
			}
		}

		private void expired(ChannelHandlerContext ctx) {
			this.deadline = null;
			if (!ctx.channel().isActive()) {
				return;
			}
			if (this.unanswered > 0) {
				// Mid-answer (pipelining): a 408 would be read as that answer's end.
				ctx.close();
				return;
			}
			// Written from in front of the decoder, as bytes, so no HTTP state is
			// involved.
			ctx.writeAndFlush(timeout()).addListener(ChannelFutureListener.CLOSE);
		}

		private ByteBuf timeout() {
			byte[] body = RequestHeadDeadline.this.writer.bytes(HttpStatus.REQUEST_TIMEOUT,
					Problems.typeFor(HttpStatus.REQUEST_TIMEOUT), "The request head did not arrive in time");
			String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\n"
					+ "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
			return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
		}

		/** In front of the decoder: a request starts with its first byte. */
		private final class Arrivals extends ChannelInboundHandlerAdapter {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				if (ctx.pipeline().get(NettyPipeline.HttpCodec) == null) {
					// Upgraded to WebSocket: no more request heads on this connection.
					cancel();
					ctx.pipeline().remove(this);
					if (ctx.pipeline().get(HEADS) != null) {
						ctx.pipeline().remove(HEADS);
					}
				}
				else if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
					bytesArrived(ctx);
				}
				ctx.fireChannelRead(msg);
			}

			@Override
			public void channelInactive(ChannelHandlerContext ctx) {
				cancel();
				ctx.fireChannelInactive();
			}

		}

		/** Behind the decoder: the head is in; answers are counted to their end. */
		private final class Heads extends ChannelDuplexHandler {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				if (msg instanceof HttpRequest) {
					headDecoded(msg instanceof LastHttpContent);
				}
				else if (msg instanceof LastHttpContent) {
					Connection.this.inRequest = false;
				}
				ctx.fireChannelRead(msg);
			}

			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
				// 100 Continue does not end an answer; 101 Switching Protocols does.
				boolean interim = msg instanceof HttpResponse response
						&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL
						&& response.status().code() != 101;
				if (msg instanceof LastHttpContent && !interim && Connection.this.unanswered > 0) {
					Connection.this.unanswered--;
				}
				ctx.write(msg, promise);
			}

		}

	}

}
