package report

// DisplayWidth lets the tests measure lines as the wrapping does.
var DisplayWidth = displayWidth
