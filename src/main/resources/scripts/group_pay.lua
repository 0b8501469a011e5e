-- Marks a seat's order paid; the payment that completes the group settles every seat at once.
-- KEYS: see group_lib.lua
-- ARGV: 1 order id, 2 payment reference, 3 campaign channel, 4 group channel prefix
-- Returns: {outcome, order JSON}: PAID, ALREADY_PAID, EXPIRED, NOT_PAYABLE (other status); NOT_FOUND -> ''
local order, refusal = payable_order(KEYS[3], ARGV[1], { PAID = true, SETTLED = true })
if not order then
  return refusal
end
local json
local now = now_ms()
local group = load_group(KEYS[7], order.groupId)
local index = order_index(group, order.id)
if now > order.payBy then
  -- The timer has not run yet; expiring here keeps the answer and the seat consistent. A group past
  -- its deadline closes first, as the timer would close it.
  if group.status == 'OPEN' and now >= group.deadline then
    close_at_deadline(KEYS, group, now)
    json = redis.call('HGET', KEYS[3], order.id)
  else
    json = drop_member(KEYS, group, index, order, 'EXPIRED', now)
  end
  save_group(KEYS, group, ARGV[4], now)
  publish_group_buy(KEYS[1], ARGV[3], now)
  return { 'EXPIRED', json }
end
json = mark_paid(KEYS[1], KEYS[3], KEYS[5], KEYS[6], order, ARGV[2], now)
group.members[index].paid = true
group.members[index].seat = 'PAID'
if paid_members(group) == group.size then
  close_group(KEYS, group, 'SUCCEEDED')
  settle_group(KEYS, group, now)
  json = redis.call('HGET', KEYS[3], order.id)
end
save_group(KEYS, group, ARGV[4], now)
publish_group_buy(KEYS[1], ARGV[3], now)
return { 'PAID', json }
