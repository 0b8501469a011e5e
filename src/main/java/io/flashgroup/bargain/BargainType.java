package io.flashgroup.bargain;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.campaign.CampaignType;
import io.flashgroup.campaign.HotState;
import io.flashgroup.campaign.KindColumns;
import io.flashgroup.campaign.LifecycleScripts;
import io.flashgroup.order.OrderLedger;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Bargains as a kind of campaign: the cut terms in their own columns, sessions in the hot
 * state ({@link BargainRecovery} rebuilds them), no campaign topic (sessions are watched
 * one by one).
 */
@Component
public class BargainType implements CampaignType<CreateBargain, Bargain, BargainView> {

	static final CampaignKind KIND = new CampaignKind("BARGAIN", "Bargain", null);

	private final BargainScripts scripts;

	private final BargainRepository repository;

	private final BargainRecovery recovery;

	private final OrderLedger ledger;

	private final BargainProperties properties;

	private final JsonMapper json;

	BargainType(BargainScripts scripts, BargainRepository repository, BargainRecovery recovery, OrderLedger ledger,
			BargainProperties properties, JsonMapper json) {
		this.scripts = scripts;
		this.repository = repository;
		this.recovery = recovery;
		this.ledger = ledger;
		this.properties = properties;
		this.json = json;
	}

	@Override
	public CampaignKind kind() {
		return KIND;
	}

	@Override
	public List<String> columns() {
		return List.of("floor_price", "helpers_needed", "session_ttl_ms", "helps_per_helper_per_day");
	}

	@Override
	public KindColumns columns(CreateBargain request) {
		return new KindColumns().put("floor_price", request.floorPrice())
			.put("helpers_needed", request.helpersNeeded())
			.put("session_ttl_ms", request.sessionTtl().toMillis())
			.put("helps_per_helper_per_day", request.effectiveHelpsPerHelperPerDay());
	}

	@Override
	public List<Bounded> bounded(CreateBargain request) {
		return List.of(new Bounded("sessionTtl", request.sessionTtl(), this.properties.minSessionTtl(),
				this.properties.maxSessionTtl()));
	}

	@Override
	public LifecycleScripts lifecycle() {
		return this.scripts.lifecycle();
	}

	@Override
	public Map<String, Object> stateFields(Bargain bargain) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("listPrice", bargain.listPrice());
		fields.put("floorPrice", bargain.floorPrice());
		fields.put("helpersNeeded", bargain.helpersNeeded());
		fields.put("sessionTtlMs", bargain.sessionTtl().toMillis());
		fields.put("helpsPerHelperPerDay", bargain.helpsPerHelperPerDay());
		fields.put("openSessions", 0);
		return fields;
	}

	@Override
	public Mono<Void> rebuildRecords(Bargain bargain, HotState state) {
		return this.recovery.rebuild(bargain, state);
	}

	@Override
	public Bargain definition(Campaign campaign, Readable row) {
		return new Bargain(campaign, row.get("floor_price", Long.class), row.get("helpers_needed", Integer.class),
				Duration.ofMillis(row.get("session_ttl_ms", Long.class)),
				row.get("helps_per_helper_per_day", Integer.class));
	}

	/**
	 * A bargain without hot state: PostgreSQL recorded what it sold and which sessions
	 * are open (none, once every deadline passed).
	 */
	@Override
	public Mono<Map<String, Object>> recordedState(Bargain bargain, Instant now) {
		return Mono.zip(this.ledger.heldUnitsInPostgres(bargain.id()), this.repository.openSessions(bargain.id()))
			.map((counts) -> Map.of("status", bargain.campaign().statusAt(now, counts.getT1()), "stockLeft",
					bargain.stock() - counts.getT1(), "openSessions", counts.getT2()));
	}

	@Override
	public BargainView view(Bargain bargain, String liveMessage) {
		return BargainView.of(bargain, this.json.readValue(liveMessage, BargainView.Live.class));
	}

}
