-- wrk script: POST /match/default with one yente query entity per request,
-- cycling through listed and non-listed people. The key comes from
-- INTERDICT_KEY; BATCH=N sends N queries per request (default 1). Usage
-- (see docs/api.md):
--   wrk -t2 -c100 -d30s --latency -s crates/server/bench/match.lua http://127.0.0.1:8000
wrk.method = "POST"
wrk.path = "/match/default"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("INTERDICT_KEY") or "bench-key"

local people = {
  {"Zhu Hailun", "1958", "cn"},
  {"Vladimir Putin", "1952-10-07", "ru"},
  {"John Smith", "1970", "us"},
  {"Maria Garcia Lopez", "1985-03-02", "es"},
  {"Kim Jong Un", "1984", "kp"},
  {"Ali Hassan Mohamed", "1962", "so"},
  {"Ivan Petrovich Sidorov", "1975", "ru"},
  {"Li Wei", "1990", "cn"},
  {"Ahmed Khan", "1980", "pk"},
  {"Sergey Lavrov", "1950-03-21", "ru"},
  {"Anna Schmidt", "1988", "de"},
  {"Bashar al-Assad", "1965-09-11", "sy"},
}

local batch = tonumber(os.getenv("BATCH") or "1")

local function query(p)
  return string.format(
    '{"schema": "Person", "properties": {"name": ["%s"], "birthDate": ["%s"], "nationality": ["%s"]}}',
    p[1], p[2], p[3])
end

local bodies = {}
for i = 1, #people do
  local queries = {}
  for j = 0, batch - 1 do
    local p = people[((i + j - 1) % #people) + 1]
    queries[#queries + 1] = string.format('"q%d": %s', j + 1, query(p))
  end
  bodies[i] = '{"queries": {' .. table.concat(queries, ", ") .. '}}'
end

local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])
end
