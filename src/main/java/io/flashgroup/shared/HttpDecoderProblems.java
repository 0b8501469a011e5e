package io.flashgroup.shared;

import java.net.URI;
import java.net.URISyntaxException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Requests refused below Spring, by Reactor Netty's HTTP decoder (request line too long:
 * 414, headers too large: 431, not HTTP: 400) or with a URI Spring cannot read (400),
 * would get an empty body. A handler right after the decoder answers them with a problem
 * in the house shape instead, and closes the connection, as Reactor Netty does.
 */
@Component
class HttpDecoderProblems implements NettyServerCustomizer {

	private static final String NAME = "flashgroup.decoderProblems";

	private final ProblemWriter writer;

	HttpDecoderProblems(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NAME) == null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new Refusals());
			}
		});
	}

	/** The refusal for a request, or null to let it through. */
	@Nullable Refusal refusal(HttpRequest request) {
		if (request.decoderResult().isFailure()) {
			Throwable cause = request.decoderResult().cause();
			if (cause instanceof TooLongHttpLineException) {
				return new Refusal(HttpStatus.URI_TOO_LONG, "The request line is too long");
			}
			if (cause instanceof TooLongHttpHeaderException) {
				return new Refusal(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request headers are too large");
			}
			return new Refusal(HttpStatus.BAD_REQUEST, "The request is not valid HTTP");
		}
		return readableUri(request.uri()) ? null : new Refusal(HttpStatus.BAD_REQUEST, "The request URI is not valid");
	}

	/**
	 * Whether Spring can build the request's URI ({@code java.net.URI}); a bad
	 * percent-escape such as {@code %ZZ} would otherwise be an empty 400. Plain URIs,
	 * nearly all of them, pass without parsing.
	 */
	static boolean readableUri(String uri) {
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~:/?#@!$&'()*+,;=".indexOf(c) >= 0;
			if (!plain) {
				try {
					new URI(uri.startsWith("/") ? "http://localhost" + uri : uri);
					return true;
				}
				catch (URISyntaxException ex) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * A refusal.
	 *
	 * @param status the status
	 * @param detail what was wrong
	 */
	record Refusal(HttpStatus status, String detail) {
	}

	/**
	 * Answers a refused request and drops whatever of it follows (its body) until the
	 * connection is closed.
	 */
	private final class Refusals extends ChannelInboundHandlerAdapter {

		private boolean refused;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.refused) {
				ReferenceCountUtil.release(msg);
				return;
			}
			Refusal refusal = (msg instanceof HttpRequest request) ? refusal(request) : null;
			if (refusal == null) {
				ctx.fireChannelRead(msg);
				return;
			}
			this.refused = true;
			ReferenceCountUtil.release(msg);
			ctx.writeAndFlush(response(refusal)).addListener(ChannelFutureListener.CLOSE);
		}

		private FullHttpResponse response(Refusal refusal) {
			byte[] body = HttpDecoderProblems.this.writer.bytes(refusal.status(), Problems.typeFor(refusal.status()),
					refusal.detail());
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.valueOf(refusal.status().value()), Unpooled.wrappedBuffer(body));
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			return response;
		}

	}

}
