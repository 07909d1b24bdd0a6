package huntress

import "time"

// Retries are safe because the client only reads. They stop at maxAttempts
// or when the wait would pass the deadline, whichever comes first; the
// waits themselves come from package retry, shared with the Halo client.
const (
	maxAttempts = 5
	backoffBase = 500 * time.Millisecond
	backoffCap  = 8 * time.Second
)
