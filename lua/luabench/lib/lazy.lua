--- A module loaded when one of its fields is first read:
-- `local m = lazy "luabench.x"` costs nothing until `m.f` is used, so
-- that what a run does not need is not compiled (start-up, memory).
return function(name)
  return setmetatable({}, { __index = function(_, k) return require(name)[k] end })
end
