package io.flashgroup.flashsale;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.IdempotencyKeys;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The flash-sale API: sellers create and cancel, anyone reads, shoppers purchase. */
@RestController
class FlashSaleController {

	private final FlashSaleService sales;

	FlashSaleController(FlashSaleService sales) {
		this.sales = sales;
	}

	@PostMapping("/api/flash-sales")
	Mono<ResponseEntity<FlashSaleView>> create(@Valid @RequestBody CreateFlashSale request, Authentication seller) {
		return this.sales.create(seller.getName(), request)
			.map((sale) -> ResponseEntity.created(URI.create("/api/flash-sales/" + sale.id())).body(sale));
	}

	@GetMapping("/api/flash-sales/{id}")
	Mono<FlashSaleView> sale(@PathVariable String id) {
		return this.sales.find(saleId(id));
	}

	@GetMapping("/api/flash-sales")
	Mono<List<FlashSaleView>> list(@RequestParam(required = false) @Nullable List<String> status) {
		List<String> statuses = (status == null || status.isEmpty()) ? List.of("LIVE", "SCHEDULED", "SOLD_OUT")
				: status.stream().map(String::toUpperCase).toList();
		if (!FlashSaleService.STATUSES.containsAll(statuses)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Unknown status",
					Map.of("errors", Map.of("status", "must be one of " + FlashSaleService.STATUSES)));
		}
		return this.sales.list(statuses).collectList();
	}

	@PostMapping("/api/flash-sales/{id}/cancel")
	Mono<FlashSaleView> cancel(@PathVariable String id, Authentication user) {
		boolean ops = user.getAuthorities().stream().anyMatch((a) -> "ROLE_OPS".equals(a.getAuthority()));
		return this.sales.cancel(saleId(id), user.getName(), ops);
	}

	@PostMapping("/api/flash-sales/{id}/purchases")
	Mono<ResponseEntity<Object>> purchase(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@Valid @RequestBody(required = false) @Nullable PurchaseRequest request, Authentication shopper) {
		long saleId = saleId(id);
		String key = IdempotencyKeys.require(idempotencyKey);
		int quantity = (request != null && request.quantity() != null) ? request.quantity() : 1;
		return this.sales.purchase(saleId, shopper.getName(), quantity, key).map(FlashSaleController::toResponse);
	}

	private static ResponseEntity<Object> toResponse(PurchaseResult result) {
		return switch (result) {
			case PurchaseResult.Reserved reserved -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/orders/" + reserved.order().id()))
				.header("Idempotent-Replayed", Boolean.toString(reserved.replayed()))
				.body(reserved.order().toResponse());
			case PurchaseResult.SoldOut soldOut -> Problems.response(HttpStatus.CONFLICT, "sold-out",
					"Not enough units left", Map.of("stockLeft", soldOut.stockLeft()));
			case PurchaseResult.LimitReached limit -> Problems.response(HttpStatus.CONFLICT, "limit-reached",
					"This would exceed the limit of " + limit.limit() + " units per shopper",
					Map.of("limit", limit.limit(), "held", limit.held()));
			case PurchaseResult.NotStarted notStarted -> Problems.response(HttpStatus.CONFLICT, "not-started",
					"The sale has not started yet", Map.of("startsAt", notStarted.startsAt().toString()));
			case PurchaseResult.Ended ended -> Problems.response(HttpStatus.CONFLICT, "ended", "The sale has ended");
			case PurchaseResult.Cancelled cancelled ->
				Problems.response(HttpStatus.CONFLICT, "cancelled", "The sale was cancelled by its seller");
			case PurchaseResult.NotFound notFound ->
				Problems.response(HttpStatus.NOT_FOUND, "not-found", "No such flash sale");
			case PurchaseResult.KeyReused reused -> Problems.response(HttpStatus.UNPROCESSABLE_CONTENT,
					"idempotency-key-reused", "This Idempotency-Key was used for a different request",
					Map.of("order", reused.first().toResponse()));
		};
	}

	/** Ids that cannot exist are simply not found, never a parsing error. */
	private static long saleId(String id) {
		return CampaignKeys.parseId(id, "Flash sale");
	}

	/**
	 * Body of a purchase.
	 *
	 * @param quantity units to reserve (default 1)
	 */
	record PurchaseRequest(@Nullable @Min(1) @Max(1_000) Integer quantity) {
	}

}
