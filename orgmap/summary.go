package orgmap

// Summary counts the results of each kind.
type Summary struct {
	Total        int `json:"total"`
	Saved        int `json:"saved"`
	SavedMissing int `json:"saved_client_missing"`
	Exact        int `json:"exact"`
	NearMiss     int `json:"near_miss"`
	Ambiguous    int `json:"ambiguous"`
	Inactive     int `json:"inactive"`
	None         int `json:"none"`
}

// Summarize counts results by kind.
func Summarize(results []Result) Summary {
	s := Summary{Total: len(results)}
	for _, r := range results {
		switch r.Kind {
		case Saved:
			s.Saved++
		case SavedMissing:
			s.SavedMissing++
		case Exact:
			s.Exact++
		case NearMiss:
			s.NearMiss++
		case Ambiguous:
			s.Ambiguous++
		case Inactive:
			s.Inactive++
		default:
			s.None++
		}
	}
	return s
}

// Unpaired counts the organizations whose incidents will reach no usable
// Halo client: everything but exact names and working saved mappings.
func (s Summary) Unpaired() int {
	return s.Total - s.Exact - s.Saved
}
