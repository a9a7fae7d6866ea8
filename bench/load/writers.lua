-- Writers for the serve bench (bench/Lifeline.Bench ServeLoad): each request records an event as a reporter, with
-- the API tokens listed one a line in $LIFELINE_TOKENS taken in turn; every acknowledged write (201) has its
-- Location appended to $LIFELINE_ACKED.<thread>, so that the bench can check afterwards that each is stored.
local tokens = {}
for line in io.lines(os.getenv("LIFELINE_TOKENS")) do
  tokens[#tokens + 1] = line
end
local path = os.getenv("LIFELINE_EVENTS_PATH")
local places = { "old-town", "north-gate", "river-bridge", "kaleh", "dostan", "miran" }

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  acked = io.open(os.getenv("LIFELINE_ACKED") .. "." .. number, "w")
  sent = 0
end

function request()
  sent = sent + 1
  local body = string.format(
    '{"date":"2024-06-%02d","place":"%s","type":"convoy-turned-back","actor1":"besieging-army","notes":"Load writer %d, write %d: a convoy turned back at the gate.","sources":["src-00"]}',
    (sent % 28) + 1, places[(sent % #places) + 1], number, sent)
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. tokens[((sent + number * 7) % #tokens) + 1],
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status == 201 then
    acked:write((headers["Location"] or headers["location"] or "?") .. "\n")
    acked:flush()
  end
end
