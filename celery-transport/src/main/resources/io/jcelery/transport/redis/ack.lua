-- kombu QoS.ack / _remove_from_indices: ZREM unacked_index tag, HDEL unacked tag, for each tag.
-- KEYS[1] unacked, KEYS[2] unacked_index; ARGV tags
for i = 1, #ARGV do
  redis.call('ZREM', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[1], ARGV[i])
end
return #ARGV
