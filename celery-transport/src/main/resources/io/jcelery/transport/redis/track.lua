-- kombu QoS.append for a message taken with BRPOP: ZADD unacked_index {tag: now} and
-- HSET unacked tag [envelope, exchange, routing_key], atomically.
-- KEYS[1] unacked, KEYS[2] unacked_index; ARGV[1] tag, ARGV[2] now, ARGV[3] hash value
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
