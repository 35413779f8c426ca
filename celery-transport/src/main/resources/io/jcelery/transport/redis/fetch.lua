-- Takes up to ARGV[1] messages in the order successive kombu BRPOPs would (kombu 5.2.4
-- kombu/transport/redis.py Channel._brpop_start/_brpop_read: priority step first, then queue
-- order; the queue served is rotated to the back for round_robin) and does kombu's ack-emulation
-- bookkeeping for each (QoS.append: ZADD unacked_index {tag: now}, HSET unacked tag
-- [envelope, exchange, routing_key]) in the same atomic step.
-- KEYS[1] unacked hash, KEYS[2] unacked_index zset,
-- KEYS[3..] list keys, queue-major: key of queue q (1-based) and step s is KEYS[2 + (q-1)*nsteps + s]
-- ARGV: max, now (score), nsteps, nqueues, rotate ('1' for round_robin)
-- Returns a flat array: queue index, envelope, delivery tag ('' when not tracked), ...
local max = tonumber(ARGV[1])
local now = ARGV[2]
local nsteps = tonumber(ARGV[3])
local nqueues = tonumber(ARGV[4])
local rotate = ARGV[5] == '1'

-- json.dumps of one string, as Python writes it (ensure_ascii, lower-case \u escapes).
local function pyquote(s)
  if type(s) ~= 'string' then
    if type(s) == 'number' then return tostring(s) end
    if type(s) == 'boolean' then return s and 'true' or 'false' end
    return 'null'
  end
  if not string.find(s, '[%z\1-\31"\\\127-\255]') then
    return '"' .. s .. '"'
  end
  local out = {}
  local i, n = 1, #s
  local short = {[8] = '\\b', [9] = '\\t', [10] = '\\n', [12] = '\\f', [13] = '\\r',
                 [34] = '\\"', [92] = '\\\\'}
  while i <= n do
    local c = string.byte(s, i)
    if short[c] then
      out[#out + 1] = short[c]
      i = i + 1
    elseif c < 32 or c == 127 then
      out[#out + 1] = string.format('\\u%04x', c)
      i = i + 1
    elseif c < 128 then
      out[#out + 1] = string.char(c)
      i = i + 1
    else
      local cp, len
      if c >= 240 then cp, len = c % 8, 4
      elseif c >= 224 then cp, len = c % 16, 3
      elseif c >= 192 then cp, len = c % 32, 2
      else cp, len = 65533, 1 end
      for j = 1, len - 1 do
        cp = cp * 64 + ((string.byte(s, i + j) or 128) % 64)
      end
      if cp >= 65536 then
        cp = cp - 65536
        out[#out + 1] = string.format('\\u%04x\\u%04x', 55296 + math.floor(cp / 1024), 56320 + cp % 1024)
      else
        out[#out + 1] = string.format('\\u%04x', cp)
      end
      i = i + len
    end
  end
  return '"' .. table.concat(out) .. '"'
end

-- The envelope without its body: kombu writes the body first, a base64 string with no escapes,
-- so the rest (headers and properties, about 1 KB) is decoded and the body, however large, is
-- only skipped. Anything else is decoded whole.
local BODY = '{"body": "'
local function meta(item)
  if string.sub(item, 1, #BODY) == BODY then
    local close = string.find(item, '"', #BODY + 1, true)
    local escape = string.find(item, '\\', #BODY + 1, true)
    if close and (escape == nil or escape > close) then
      if string.sub(item, close + 1, close + 2) ~= ', ' then
        return pcall(cjson.decode, '{}')
      end
      return pcall(cjson.decode, '{' .. string.sub(item, close + 3))
    end
  end
  return pcall(cjson.decode, item)
end

local order = {}
for q = 1, nqueues do order[q] = q end
local empty = {}
local result = {}
local taken = 0
while taken < max do
  local pos, queue, item
  for s = 1, nsteps do
    for p = 1, nqueues do
      local k = 2 + (order[p] - 1) * nsteps + s
      if not empty[k] then
        item = redis.call('RPOP', KEYS[k])
        if item then
          pos, queue = p, order[p]
          break
        end
        empty[k] = true
      end
    end
    if item then break end
  end
  if not item then break end
  if rotate then
    table.remove(order, pos)
    order[#order + 1] = queue
  end
  local tag = ''
  local ok, msg = meta(item)
  if ok and type(msg) == 'table' and type(msg.properties) == 'table' then
    local props = msg.properties
    if type(props.delivery_tag) == 'string' and props.delivery_tag ~= '' then
      tag = props.delivery_tag
      local info = props.delivery_info
      local ex, rk
      if type(info) == 'table' then ex, rk = info.exchange, info.routing_key end
      redis.call('ZADD', KEYS[2], now, tag)
      redis.call('HSET', KEYS[1], tag, '[' .. item .. ', ' .. pyquote(ex) .. ', ' .. pyquote(rk) .. ']')
    end
  end
  result[#result + 1] = queue
  result[#result + 1] = item
  result[#result + 1] = tag
  taken = taken + 1
end
return result
