-- preferences.lua: wrk script for GET/PUT /v1/users/{id}/preferences/default on random users
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- wrk -s preferences.lua URL -- MODE AUTH IDS...
--   MODE  get, put or static (static: plain GETs of URL, for the file server)
--   AUTH  the secret key
--   IDS   "pattern PREFIX WIDTH FIRST COUNT" (ids PREFIX..number, zero-padded to
--         WIDTH digits when WIDTH > 0) or "file PATH" (one id per line)
-- done() prints one line "BENCH key=value ..." for run-bench to read.

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
  table.insert(threads, thread)
end

local mode, auth
local ids = nil
local prefix, width, first, count
local bodies = {
  '{"channel_types":{"email":true,"sms":false},"workflows":{"dinosaurs-loose":{"channel_types":{"email":false,"in_app_feed":true,"sms":true}}}}',
  '{"channel_types":{"email":false,"sms":true},"workflows":{"dinosaurs-loose":{"channel_types":{"email":true,"in_app_feed":false,"sms":false}}}}',
}

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  mode = args[1] or "static"
  auth = "Bearer " .. (args[2] or "")
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  if args[3] == "pattern" then
    prefix = args[4]
    width = tonumber(args[5])
    first = tonumber(args[6])
    count = tonumber(args[7])
  elseif args[3] == "file" then
    ids = {}
    for line in io.lines(args[4]) do
      if line ~= "" then table.insert(ids, urlencode(line)) end
    end
  end
end

local function random_id()
  if ids then
    return ids[math.random(#ids)]
  end
  local n = first + math.random(count) - 1
  if width > 0 then
    return urlencode(prefix) .. string.format("%0" .. width .. "d", n)
  end
  return urlencode(prefix) .. tostring(n)
end

function request()
  if mode == "static" then
    return wrk.format("GET", nil)
  end
  local path = "/v1/users/" .. random_id() .. "/preferences/default"
  local headers = { ["Authorization"] = auth, ["Accept"] = "application/json" }
  if mode == "put" then
    headers["Content-Type"] = "application/json"
    return wrk.format("PUT", path, headers, bodies[math.random(2)])
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
