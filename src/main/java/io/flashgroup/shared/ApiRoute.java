package io.flashgroup.shared;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * One route of the API as every layer that guards or describes it reads it: the security
 * chain (who may call it), the rate limiter (its endpoint class), the API document (who,
 * status, problems). A kind declares its routes next to its controllers
 * ({@link ApiRoutes}), so adding a kind edits none of those layers.
 *
 * @param method HTTP method
 * @param success the status of a successful answer (201 where something is created)
 * @param path path template as the controller maps it, e.g. {@code /api/group-buys/{id}}
 * @param roles the roles of which the caller needs one; empty when anyone may call it
 * without a token
 * @param who who may call it, in words (owners and other rules the handler checks)
 * @param limit the rate-limit class ({@code purchase}, {@code session}, {@code create}),
 * or null for the default class of writes
 * @param problems the problem types it may answer
 */
public record ApiRoute(HttpMethod method, int success, String path, List<String> roles, String who,
		@Nullable String limit, List<String> problems) {

	/** A route anyone may call without a token. */
	public static ApiRoute open(HttpMethod method, String path, List<String> problems) {
		return new ApiRoute(method, 200, path, List.of(), "anyone", null, problems);
	}

	/** A route for the holders of {@code roles}. */
	public static ApiRoute forRoles(HttpMethod method, int success, String path, List<String> roles, String who,
			@Nullable String limit, List<String> problems) {
		return new ApiRoute(method, success, path, roles, who, limit, problems);
	}

	/** Whether a caller needs a bearer token: a role, or a rule in {@link #who}. */
	public boolean needsToken() {
		return !this.roles.isEmpty() || !this.who.startsWith("anyone");
	}

	/** The path as a security matcher: every {@code {variable}} segment is {@code *}. */
	public String pattern() {
		return this.path.replaceAll("\\{[^}/]+}", "*");
	}

}
