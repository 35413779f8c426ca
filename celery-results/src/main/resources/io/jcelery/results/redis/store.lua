-- Stores a task's meta unless SUCCESS is stored, then publishes it (Celery's _store_result and
-- RedisBackend.set), in one round trip. Only for JSON metas, which Celery and jcelery both write
-- with "status" as their first key.
-- KEYS[1]: celery-task-meta-<id>; ARGV[1]: the new meta; ARGV[2]: seconds to expire, 0 for never.
-- Returns 1 when stored, 0 when SUCCESS was there, -1 when the stored value is not such JSON
-- (the caller then decodes it itself).
local current = redis.call('GET', KEYS[1])
if current then
  local success = '{"status": "SUCCESS"'
  if string.sub(current, 1, #success) == success then
    return 0
  end
  local json = '{"status": "'
  if string.sub(current, 1, #json) ~= json then
    return -1
  end
end
if tonumber(ARGV[2]) > 0 then
  redis.call('SETEX', KEYS[1], ARGV[2], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('PUBLISH', KEYS[1], ARGV[1])
return 1
