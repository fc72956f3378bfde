local M = {}
function M.main(arg) print("stub") return 0 end
return M
