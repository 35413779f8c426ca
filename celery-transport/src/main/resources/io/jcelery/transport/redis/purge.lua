-- kombu Channel._purge: LLEN and DEL every priority list of a queue; returns the count removed.
-- KEYS: the priority lists of the queue
local total = 0
for i = 1, #KEYS do
  total = total + redis.call('LLEN', KEYS[i])
  redis.call('DEL', KEYS[i])
end
return total
