package io.flashgroup.shared;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The controllers' request mapping, its lookup narrowed by path. Spring answers a path
 * without variables from a map, but matches every other request (a campaign read, a
 * purchase: {@code /api/flash-sales/{id}...}) against every mapping of every controller,
 * each checking method, parameters, media types and pattern: the largest single cost a
 * campaign read had over the ping in a CPU profile. Here the mappings sit in a tree by
 * the literal segments their patterns start with, and a request is matched only against
 * the mappings on its own path through the tree: every mapping that can match it (a
 * pattern matches a path only if the path has the pattern's literal segments), so the
 * best match is the one Spring would pick. Whenever there is no single best match (no
 * match at all: 404, 405, 406 or 415; two equal ones; a CORS pre-flight with several) and
 * for paths Spring finds in its map, Spring's own lookup answers, so every error and edge
 * stays exactly Spring's.
 */
class PathIndexedMapping extends RequestMappingHandlerMapping {

	private volatile @Nullable Index index;

	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		reindex();
	}

	@Override
	public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
		super.registerMapping(mapping, handler, method);
		reindex();
	}

	@Override
	public void unregisterMapping(RequestMappingInfo mapping) {
		super.unregisterMapping(mapping);
		reindex();
	}

	private void reindex() {
		this.index = Index.of(getHandlerMethods(), getPathPatternParser().isCaseSensitive());
	}

	@Override
	protected @Nullable HandlerMethod lookupHandlerMethod(ServerWebExchange exchange) throws Exception {
		Index current = this.index;
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		if (current == null || current.directPaths.contains(path.value())) {
			return super.lookupHandlerMethod(exchange);
		}
		Lookup lookup = new Lookup(exchange);
		for (Node node : current.nodesOn(path)) {
			lookup.match(node);
		}
		RequestMappingInfo best = lookup.best;
		HandlerMethod bestHandler = lookup.bestHandler;
		if (best == null || bestHandler == null || lookup.tied
				|| (lookup.matches > 1 && CorsUtils.isPreFlightRequest(exchange.getRequest()))) {
			return super.lookupHandlerMethod(exchange);
		}
		handleMatch(best, bestHandler, exchange);
		return bestHandler;
	}

	/**
	 * How many mappings a request of the path is matched against, or -1 where Spring's
	 * own lookup answers it (a path without variables in Spring's map).
	 */
	int candidates(String path) {
		Index current = this.index;
		PathContainer parsed = PathContainer.parsePath(path);
		if (current == null || current.directPaths.contains(parsed.value())) {
			return -1;
		}
		return current.nodesOn(parsed).stream().mapToInt((node) -> node.entries.size()).sum();
	}

	private record Entry(RequestMappingInfo info, HandlerMethod handler) {
	}

	/** The best match so far, compared as Spring's lookup compares them. */
	private static final class Lookup {

		private final ServerWebExchange exchange;

		@Nullable RequestMappingInfo best;

		@Nullable HandlerMethod bestHandler;

		boolean tied;

		int matches;

		Lookup(ServerWebExchange exchange) {
			this.exchange = exchange;
		}

		void match(Node node) {
			for (Entry entry : node.entries) {
				RequestMappingInfo match = entry.info.getMatchingCondition(this.exchange);
				if (match == null) {
					continue;
				}
				this.matches++;
				int order = (this.best != null) ? match.compareTo(this.best, this.exchange) : -1;
				if (order < 0) {
					this.best = match;
					this.bestHandler = entry.handler;
					this.tied = false;
				}
				else if (order == 0) {
					this.tied = true;
				}
			}
		}

	}

	/**
	 * A literal segment's mappings (those whose patterns all start with the path to it).
	 */
	private static final class Node {

		final Map<String, Node> children = new HashMap<>();

		final List<Entry> entries = new ArrayList<>();

	}

	private record Index(Node root, Set<String> directPaths) {

		/** The root, then the node of each literal segment the path starts with. */
		List<Node> nodesOn(PathContainer path) {
			List<Node> nodes = new ArrayList<>(4);
			Node node = this.root;
			nodes.add(node);
			for (PathContainer.Element element : path.elements()) {
				if (element instanceof PathContainer.PathSegment segment) {
					node = node.children.get(segment.valueToMatch());
					if (node == null) {
						break;
					}
					nodes.add(node);
				}
			}
			return nodes;
		}

		static @Nullable Index of(Map<RequestMappingInfo, HandlerMethod> mappings, boolean caseSensitive) {
			if (!caseSensitive) {
				return null;
			}
			Node root = new Node();
			Set<String> directPaths = new HashSet<>();
			mappings.forEach((info, handler) -> {
				directPaths.addAll(info.getDirectPaths());
				Node node = root;
				for (String segment : commonLiteralStart(info.getPatternsCondition().getPatterns())) {
					node = node.children.computeIfAbsent(segment, (s) -> new Node());
				}
				node.entries.add(new Entry(info, handler));
			});
			return new Index(root, Set.copyOf(directPaths));
		}

		/**
		 * The literal segments every one of the patterns starts with (a mapping with
		 * several patterns sits where a request of any of them passes).
		 */
		private static List<String> commonLiteralStart(Set<PathPattern> patterns) {
			List<String> common = null;
			for (PathPattern pattern : patterns) {
				List<String> literal = literalStart(pattern.getPatternString());
				if (common == null) {
					common = literal;
					continue;
				}
				int same = 0;
				while (same < common.size() && same < literal.size() && common.get(same).equals(literal.get(same))) {
					same++;
				}
				common = common.subList(0, same);
			}
			return (common != null) ? common : List.of();
		}

		private static List<String> literalStart(String pattern) {
			List<String> literal = new ArrayList<>();
			if (!pattern.startsWith("/")) {
				return literal;
			}
			for (String segment : pattern.substring(1).split("/", -1)) {
				if (segment.isEmpty() || segment.chars().anyMatch((c) -> "{}*?\\%;".indexOf(c) >= 0)) {
					break;
				}
				literal.add(segment);
			}
			return literal;
		}

	}

}
