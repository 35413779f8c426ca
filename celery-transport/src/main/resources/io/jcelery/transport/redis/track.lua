-- kombu QoS.append for a message taken with BRPOP: ZADD unacked_index {tag: now} and
-- HSET unacked tag [envelope, exchange, routing_key], atomically; then counts the messages
-- still waiting in the lists, so the consumer knows whether to fetch or to block again.
-- KEYS[1] unacked, KEYS[2] unacked_index, KEYS[3..] the lists consumed;
-- ARGV[1] tag, ARGV[2] now, ARGV[3] hash value
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
local waiting = 0
for i = 3, #KEYS do
  waiting = waiting + redis.call('LLEN', KEYS[i])
end
return waiting
