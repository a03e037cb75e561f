-- wrk script for `sealpost bench directory --serve-only` (docs/BENCHMARKS.md, "Directory look-ups"):
-- GET /v1/directory/{address} of a random address from the file that command prints.
--   wrk -t2 -c64 -d20s --latency -s scripts/wrk-directory.lua http://127.0.0.1:PORT -- ADDRESSES_FILE
-- wrk counts answers other than 2xx/3xx as "Non-2xx or 3xx responses"; a clean run shows none.

local counter = 0

-- Runs once per wrk thread in the main Lua state: a distinct seed for each thread.
function setup(thread)
  counter = counter + 1
  thread:set("seed", os.time() * 100 + counter)
end

local addresses = {}

-- Runs in each thread's own Lua state: its own copy of the addresses.
function init(args)
  local file = args[1]
  if file == nil then
    error("give the addresses file after --, e.g. wrk ... -s scripts/wrk-directory.lua URL -- /tmp/.../addresses.txt")
  end
  for line in io.lines(file) do
    addresses[#addresses + 1] = line
  end
  if #addresses == 0 then
    error("no addresses in " .. file)
  end
  math.randomseed(seed or os.time())
end

function request()
  return wrk.format("GET", "/v1/directory/" .. addresses[math.random(#addresses)])
end
