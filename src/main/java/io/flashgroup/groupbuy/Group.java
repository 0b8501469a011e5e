package io.flashgroup.groupbuy;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * One version of a group, as the Lua scripts write it ({@code group_lib.lua}).
 *
 * @param id group id (UUIDv7 carrying the campaign id)
 * @param campaignId the group buy
 * @param status OPEN, SUCCEEDED, FAILED or CANCELLED
 * @param size members needed
 * @param seatsLeft seats still free
 * @param paidMembers members who paid
 * @param leaderId the member who opened it (or the earliest left)
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

	View toView() {
		return new View(this.id, this.campaignId, this.status, this.size, this.seatsLeft, this.paidMembers,
				this.leaderId, Instant.ofEpochMilli(this.deadline), Boolean.TRUE.equals(this.virtualFill),
				this.members.stream().map(Member::toView).toList(), topic(this.id));
	}

	/**
	 * A member.
	 *
	 * @param userId the shopper
	 * @param name display name
	 * @param orderId the seat's order
	 * @param paid whether the seat is paid
	 * @param leader whether this member leads the group
	 * @param joinedAt epoch ms
	 */
	record Member(String userId, String name, String orderId, boolean paid, boolean leader, long joinedAt) {

		MemberView toView() {
			return new MemberView(this.userId, this.name, this.paid, this.leader, Instant.ofEpochMilli(this.joinedAt));
		}

	}

	/** What anyone may see of a group (no order ids). */
	record View(String id, long campaignId, String status, int size, int seatsLeft, int paidMembers, String leaderId,
			Instant deadline, boolean virtualFill, List<MemberView> members, String topic) {
	}

	record MemberView(String userId, String name, boolean paid, boolean leader, Instant joinedAt) {
	}

}
