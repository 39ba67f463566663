-- Answer POSTs for wrk: each request posts the next prepared answer (bench/prepare.py), so
-- every request stores one. Usage: wrk -t2 ... -s bench/answer.lua URL -- ANSWERS.tsv FIRST_LINE PORT
-- (two threads, each taking every other line from FIRST_LINE on).
local threads, counter = {}, 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local lines, first, n = {}, tonumber(args[2]) or 0, 0
  port = args[3]
  csrf = string.rep("a", 16) .. string.rep("B", 16)  -- cookie and header agree
  for line in io.lines(args[1]) do
    n = n + 1
    if n > first and (n - first - 1) % 2 == id then
      local path, cookie, body = line:match("([^\t]*)\t([^\t]*)\t(.*)")
      table.insert(lines, {path, cookie, body})
    end
  end
  slots, next_slot = lines, 1
end

function request()
  local slot = slots[next_slot]
  next_slot = next_slot % #slots + 1
  local headers = {
    ["Cookie"] = "sessionid=" .. slot[2] .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
    ["Origin"] = "https://127.0.0.1:" .. port,
    ["X-Forwarded-Proto"] = "https",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", slot[1], headers, slot[3])
end
