package io.flashgroup.flashsale;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.order.Order;
import io.flashgroup.shared.IdempotencyKeys;
import io.flashgroup.shared.ProblemException;
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

	static final List<String> STATUSES = List.of("SCHEDULED", "LIVE", "SOLD_OUT", "ENDED", "CANCELLED");

	private final Campaigns campaigns;

	private final FlashSaleType type;

	private final FlashSaleService sales;

	FlashSaleController(Campaigns campaigns, FlashSaleType type, FlashSaleService sales) {
		this.campaigns = campaigns;
		this.type = type;
		this.sales = sales;
	}

	@PostMapping("/api/flash-sales")
	Mono<ResponseEntity<FlashSaleView>> create(@Valid @RequestBody CreateFlashSale request, Authentication seller) {
		return this.campaigns.create(this.type, seller.getName(), request)
			.map((sale) -> ResponseEntity.created(URI.create("/api/flash-sales/" + sale.id())).body(sale));
	}

	@GetMapping("/api/flash-sales/{id}")
	Mono<FlashSaleView> sale(@PathVariable String id) {
		return this.campaigns.find(this.type, saleId(id));
	}

	@GetMapping("/api/flash-sales")
	Mono<List<FlashSaleView>> list(@RequestParam(required = false) @Nullable List<String> status) {
		List<String> statuses = (status == null || status.isEmpty()) ? List.of("LIVE", "SCHEDULED", "SOLD_OUT")
				: status.stream().map(String::toUpperCase).toList();
		if (!STATUSES.containsAll(statuses)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Unknown status",
					Map.of("errors", Map.of("status", "must be one of " + STATUSES)));
		}
		return this.campaigns.list(this.type, statuses, FlashSaleView::status).collectList();
	}

	@PostMapping("/api/flash-sales/{id}/cancel")
	Mono<FlashSaleView> cancel(@PathVariable String id, Authentication user) {
		return this.campaigns.cancel(this.type, saleId(id), user);
	}

	@PostMapping("/api/flash-sales/{id}/purchases")
	Mono<ResponseEntity<Order.Response>> purchase(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@Valid @RequestBody(required = false) @Nullable PurchaseRequest request, Authentication shopper) {
		CampaignId saleId = saleId(id);
		String key = IdempotencyKeys.require(idempotencyKey);
		int quantity = (request != null && request.quantity() != null) ? request.quantity() : 1;
		return this.sales.purchase(saleId, shopper.getName(), quantity, key)
			.map((reserved) -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/orders/" + reserved.value().id()))
				.header("Idempotent-Replayed", Boolean.toString(reserved.replayed()))
				.body(reserved.value().toResponse()));
	}

	/** Ids that cannot exist are simply not found, never a parsing error. */
	private static CampaignId saleId(String id) {
		return CampaignId.parse(id, FlashSaleType.KIND);
	}

	/**
	 * Body of a purchase.
	 *
	 * @param quantity units to reserve (default 1)
	 */
	record PurchaseRequest(@Nullable @Min(1) @Max(1_000) Integer quantity) {
	}

}
