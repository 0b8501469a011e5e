package io.flashgroup.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.flashgroup.security.DisplayNames;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.ApiRoutes;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.Problems;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A post's chat thread: send a message, read a page. */
@RestController
class ChatController implements ApiRoutes {

	static final int MAX_TEXT = 1000;

	static final int DEFAULT_LIMIT = 50;

	private static final Pattern CLIENT_MESSAGE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final List<String> SHOPPER = List.of("SHOPPER");

	private final ChatService chat;

	private final ChatProperties properties;

	ChatController(ChatService chat, ChatProperties properties) {
		this.chat = chat;
		this.properties = properties;
	}

	@Override
	public List<ApiRoute> apiRoutes() {
		String who = "SHOPPER: the post's sharer, or within distance 2 of them";
		return List.of(
				ApiRoute.forRoles(HttpMethod.POST, 201, "/api/circle/posts/{id}/messages", SHOPPER, who, null,
						List.of("unauthorized", "forbidden", "validation", "post-not-found", "rate-limited",
								"unavailable")),
				ApiRoute.forRoles(HttpMethod.GET, 200, "/api/circle/posts/{id}/messages", SHOPPER, who, null,
						List.of("unauthorized", "forbidden", "validation", "post-not-found", "unavailable")));
	}

	@PostMapping("/api/circle/posts/{id}/messages")
	Mono<ResponseEntity<MessageView>> send(@PathVariable String id, @RequestBody SendMessage request,
			Authentication sender) {
		long postId = postId(id);
		Map<String, String> errors = new LinkedHashMap<>();
		String text = text(request.text(), errors);
		String clientMessageId = request.clientMessageId();
		if (clientMessageId == null || !CLIENT_MESSAGE_ID.matcher(clientMessageId).matches()) {
			errors.put("clientMessageId", "must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields",
					Map.of("errors", errors));
		}
		return this.chat.send(postId, sender.getName(), DisplayNames.of(sender), clientMessageId, text)
			.map((sent) -> ResponseEntity.status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK)
				.body(sent.message()));
	}

	@GetMapping("/api/circle/posts/{id}/messages")
	Mono<MessageView.Page> read(@PathVariable String id, @RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String before,
			@RequestParam(required = false) @Nullable Integer limit, Authentication viewer) {
		long postId = postId(id);
		if (after != null && before != null) {
			throw ProblemException.invalidField("before", "give after or before, not both");
		}
		int size = (limit != null) ? limit : Math.min(DEFAULT_LIMIT, this.properties.maxPage());
		if (size < 1 || size > this.properties.maxPage()) {
			throw ProblemException.invalidField("limit", "must be between 1 and " + this.properties.maxPage());
		}
		return this.chat.read(postId, viewer.getName(), cursor("after", after), cursor("before", before), size);
	}

	/** A rate-limited send: the problem with {@code Retry-After}. */
	@ExceptionHandler(ChatLimit.Limited.class)
	ResponseEntity<Object> limited(ChatLimit.Limited ex) {
		ResponseEntity<Object> problem = Problems.response(ex.status(), ex.type(), ex.getMessage(), ex.properties());
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem.getBody());
	}

	/**
	 * The trimmed text: 1 to 1000 characters (code points), line breaks and tabs allowed,
	 * no other control characters or unpaired surrogates (PostgreSQL cannot store them).
	 */
	private static String text(@Nullable String raw, Map<String, String> errors) {
		String text = (raw != null) ? raw.strip() : "";
		if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_TEXT) {
			errors.put("text", "must be 1 to " + MAX_TEXT + " characters");
		}
		else if (text.codePoints()
			.anyMatch((c) -> (Character.isISOControl(c) && c != '\n' && c != '\t')
					|| Character.getType(c) == Character.SURROGATE)) {
			errors.put("text", "must not contain control characters");
		}
		return text;
	}

	/** A message id cursor: ASCII digits, one written form, like every id. */
	private static @Nullable Long cursor(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		if (!value.matches("0|[1-9][0-9]{0,17}")) {
			throw ProblemException.invalidField(name, "must be a message id");
		}
		return Long.parseLong(value);
	}

	private static long postId(String id) {
		if (!id.matches("0|[1-9][0-9]{0,17}")) {
			throw new ProblemException(HttpStatus.NOT_FOUND, "post-not-found", "Post " + id + " does not exist");
		}
		return Long.parseLong(id);
	}

}
