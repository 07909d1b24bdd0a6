module halowiz

go 1.26.0
