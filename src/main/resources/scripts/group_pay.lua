-- Marks a seat's order paid; the payment that completes the group settles every seat at once.
-- KEYS: see group_lib.lua
-- ARGV: 1 order id, 2 payment JSON {ref, discount, couponId} (order.Payment), 3 campaign channel, 4 group channel prefix
-- Returns: {outcome, order JSON}: PAID, ALREADY_PAID, EXPIRED, NOT_PAYABLE (other status); NOT_FOUND -> ''
local order_id, payment_json, channel, group_prefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local order, refusal = payable_order(orders_key, order_id, { PAID = true, SETTLED = true })
if not order then
  return refusal
end
local json
local now = now_ms()
local group = load_group(order.groupId)
local index = order_index(group, order.id)
if now > order.payBy then
  -- The timer has not run yet; expiring here keeps the answer and the seat consistent. A group past
  -- its deadline closes first, as the timer would close it.
  if group.status == 'OPEN' and now >= group.deadline then
    close_at_deadline(group, now)
    json = redis.call('HGET', orders_key, order.id)
  else
    json = drop_member(group, index, order, 'EXPIRED', now)
  end
  save_group(group, group_prefix, now)
  publish(channel, now)
  return { 'EXPIRED', json }
end
json = mark_paid(state_key, orders_key, outbox_key, timers_key, order, payment_json, now)
group.members[index].paid = true
group.members[index].seat = 'PAID'
if paid_members(group) == group.size then
  close_group(group, 'SUCCEEDED')
  settle_group(group, now)
  json = redis.call('HGET', orders_key, order.id)
end
save_group(group, group_prefix, now)
publish(channel, now)
return { 'PAID', json }
