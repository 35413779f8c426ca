-- kombu QoS.restore_by_tag: when the unacked entry is still the one read (else another party
-- restored or re-tracked it), remove it from both indices and push the redelivered envelope to
-- every destination list (LPUSH when leftmost, as reject(requeue) does; RPUSH otherwise).
-- KEYS[1] unacked, KEYS[2] unacked_index, KEYS[3..] destination lists
-- ARGV[1] tag, ARGV[2] envelope, ARGV[3] '1' for leftmost, ARGV[4] the entry as read
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == false then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 0
end
if current ~= ARGV[4] then
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
for i = 3, #KEYS do
  if ARGV[3] == '1' then
    redis.call('LPUSH', KEYS[i], ARGV[2])
  else
    redis.call('RPUSH', KEYS[i], ARGV[2])
  end
end
return #KEYS - 2
