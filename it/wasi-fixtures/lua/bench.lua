-- A mixed interpreter workload: calls, tables, strings, closures, floats.
local scale = tonumber(arg and arg[1]) or 1

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local function queens(n)
  local count, cols, d1, d2 = 0, {}, {}, {}
  local function place(r)
    if r > n then count = count + 1 return end
    for c = 1, n do
      if not cols[c] and not d1[r + c] and not d2[r - c + n] then
        cols[c], d1[r + c], d2[r - c + n] = true, true, true
        place(r + 1)
        cols[c], d1[r + c], d2[r - c + n] = false, false, false
      end
    end
  end
  place(1)
  return count
end

local function strings(n)
  local parts, h = {}, 0
  for i = 1, n do
    local s = string.format("%d:%x:%s", i, i * 7919, ("ab"):rep(i % 5))
    parts[#parts + 1] = s:upper():gsub("A", "z")
  end
  local joined = table.concat(parts, ",")
  for w in joined:gmatch("[^,]+") do h = (h * 31 + #w) % 1000000007 end
  return h
end

local function sorting(n)
  local t, x = {}, 12345
  for i = 1, n do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x end
  table.sort(t)
  local s = 0
  for i = 1, n, 97 do s = (s + t[i]) % 1000000007 end
  return s
end

local function closures(n)
  local acc = 0
  local function counter() local c = 0 return function(k) c = c + k return c end end
  for i = 1, n do local f = counter(); f(i); acc = (acc + f(3)) % 1000003 end
  return acc
end

local function floats(n)
  local s = 0.0
  for i = 1, n do s = s + math.sin(i * 0.001) * math.sqrt(i) end
  return string.format("%.6f", s)
end

local results = {}
for _ = 1, scale do
  results = {
    fib(27), queens(8), strings(40000), sorting(200000), closures(300000), floats(500000),
  }
end
print("lua bench: " .. table.concat(results, " "))
