package io.flashgroup.groupbuy;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * One version of a group, as the Lua scripts write it ({@code group_lib.lua}). While a
 * group is OPEN its members are the current seat holders; once it closes, everyone who
 * held a seat at that moment stays listed with what became of the seat.
 *
 * @param id group id (UUIDv7 carrying the campaign id)
 * @param campaignId the group buy
 * @param status OPEN, SUCCEEDED, FAILED or CANCELLED
 * @param size members needed
 * @param seatsLeft seats not held (held, paid or settled seats count as taken)
 * @param paidMembers paid or settled seats
 * @param leaderId the member who leads it: the opener, or the earliest member left
 * @param deadline epoch ms
 * @param virtualFill whether it succeeded by virtual fill
 * @param members the members, in joining order
 * @param version bumped by every change; the live topic's seq
 * @param createdAt epoch ms
 * @param updatedAt epoch ms
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Group(String id, long campaignId, String status, int size, int seatsLeft, int paidMembers, String leaderId,
		long deadline, @Nullable Boolean virtualFill, List<Member> members, int version, long createdAt,
		long updatedAt) {

	static String topic(String id) {
		return "group:" + id;
	}

	/** The same group with its seat counts computed from its members (rows read back). */
	static Group counted(String id, long campaignId, String status, int size, String leaderId, long deadline,
			@Nullable Boolean virtualFill, List<Member> members, int version, long createdAt, long updatedAt) {
		int taken = (int) members.stream().filter(Member::holdsSeat).count();
		int paid = (int) members.stream().filter(Member::paidSeat).count();
		return new Group(id, campaignId, status, size, size - taken, paid, leaderId, deadline, virtualFill, members,
				version, createdAt, updatedAt);
	}

	View toView() {
		return new View(this.id, this.campaignId, this.status, this.size, this.seatsLeft, this.seatsLeft == 0,
				this.paidMembers, this.leaderId, Instant.ofEpochMilli(this.deadline),
				Boolean.TRUE.equals(this.virtualFill), this.members.stream().map(Member::toView).toList(),
				topic(this.id), this.version, Instant.ofEpochMilli(this.createdAt),
				Instant.ofEpochMilli(this.updatedAt));
	}

	/**
	 * A member.
	 *
	 * @param userId the shopper
	 * @param name display name
	 * @param orderId the seat's order
	 * @param paid whether the shopper paid for the seat (refunded seats were paid)
	 * @param seat HELD, PAID, SETTLED, EXPIRED, REFUNDED or CANCELLED; absent in groups
	 * written before seats were named
	 * @param leader whether this member leads the group
	 * @param joinedAt epoch ms
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Member(String userId, String name, String orderId, boolean paid, @Nullable String seat, boolean leader,
			long joinedAt) {

		/** The seat's state, as {@code seat_of} in {@code group_lib.lua} names it. */
		String seatState() {
			if (this.seat != null) {
				return this.seat;
			}
			return this.paid ? "PAID" : "HELD";
		}

		boolean holdsSeat() {
			return switch (seatState()) {
				case "HELD", "PAID", "SETTLED" -> true;
				default -> false;
			};
		}

		boolean paidSeat() {
			return "PAID".equals(seatState()) || "SETTLED".equals(seatState());
		}

		MemberView toView() {
			return new MemberView(this.userId, this.name, this.paid, seatState(), this.leader,
					Instant.ofEpochMilli(this.joinedAt));
		}

	}

	/**
	 * What anyone may see of a group (no order ids): the REST view, and field for field
	 * the state of its live topic ({@code public_group} in {@code group_lib.lua}, times
	 * there in epoch ms).
	 */
	record View(String id, long campaignId, String status, int size, int seatsLeft, boolean full, int paidMembers,
			String leaderId, Instant deadline, boolean virtualFill, List<MemberView> members, String topic, int version,
			Instant createdAt, Instant updatedAt) {
	}

	record MemberView(String userId, String name, boolean paid, String seat, boolean leader, Instant joinedAt) {
	}

}
