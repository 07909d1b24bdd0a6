package orgmap

import (
	"fmt"
	"strings"
	"testing"

	"halowiz/halo"
	"halowiz/huntress"
)

// benchData builds n Halo clients and n Huntress organizations with the mix
// an MSP sees: about 45% identical names, 30% near misses (case,
// punctuation, suffix, spacing, "&", accents), some ambiguous, the rest
// without a client, and 1% saved mappings.
func benchData(n int) ([]huntress.Organization, []halo.Customer, []Mapping) {
	first := strings.Fields("Cedar Harbor Summit Riverside Oakwood Lakeside Granite Maple Pioneer Silverline " +
		"North South East West Blue Red Green Golden Iron Stone Bright Clear Swift Noble Royal " +
		"Prime Metro Urban Coastal Valley Alpine Desert Prairie Forest Meadow Canyon Island Bay Ridge " +
		"Crescent Beacon Anchor Compass Falcon Eagle Hawk Fox Bear Wolf")
	trades := strings.Fields("Dental Logistics Accounting Builders Veterinary Legal Bakery Engineering Realty Clinic")
	suffixes := []string{"LLC", "Inc.", "Ltd", "", "Corporation", "Co", "GmbH", "Pty Ltd"}
	base := func(i int) string { // unique for i < 10 × len(first)²
		k := len(first)
		return fmt.Sprintf("%s %s %s", first[i%k], first[(i/k)%k], trades[(i/(k*k))%len(trades)])
	}
	clients := make([]halo.Customer, n)
	for i := range clients {
		name := base(i) + " " + suffixes[i%len(suffixes)]
		if i%97 == 96 { // a second client close to the one before it
			name = base(i-1) + " Limited"
		}
		clients[i] = halo.Customer{ID: 1000 + i, Name: strings.TrimSpace(name)}
		if i%50 == 49 {
			yes := true
			clients[i].Inactive = &yes
		}
	}
	orgs := make([]huntress.Organization, n)
	var saved []Mapping
	for i := range orgs {
		orgs[i] = huntress.Organization{ID: int64(1 + i), Name: variant(clients[i].Name, i)}
		if i%100 == 0 {
			saved = append(saved, Mapping{OrgID: int64(1 + i), ClientID: 1000 + (i+7)%(n+10)})
		}
		if i%100 == 50 {
			saved = append(saved, Mapping{OrgID: int64(1 + i), ClientID: 900000 + i}) // deleted since
		}
	}
	return orgs, clients, saved
}

func variant(name string, i int) string {
	switch i % 20 {
	case 9:
		return strings.ToUpper(name)
	case 10:
		return strings.ToLower(name)
	case 11:
		return strings.Replace(name, " ", ", ", 1)
	case 12:
		return strings.ReplaceAll(name, ".", "")
	case 13:
		words := strings.Fields(name)
		return strings.Join(words[:len(words)-1], " ")
	case 14:
		return name + " Inc"
	case 15:
		return strings.Replace(name, " ", " & ", 1)
	case 16:
		return strings.Replace(strings.Replace(name, "e", "é", 1), " ", "  ", 1)
	case 17, 18, 19:
		return fmt.Sprintf("Unmatched Organization %d", i)
	}
	return name
}

func TestBenchmarkDataIsARealisticMix(t *testing.T) {
	orgs, clients, saved := benchData(5000)
	s := Summarize(Match(orgs, clients, saved))
	t.Logf("%+v", s)
	if s.Exact < 2000 || s.NearMiss < 1000 || s.Ambiguous == 0 || s.Inactive == 0 || s.None < 700 || s.Saved == 0 || s.SavedMissing == 0 {
		t.Errorf("the benchmark data lacks a kind: %+v", s)
	}
}

func BenchmarkMatch5000(b *testing.B) {
	orgs, clients, saved := benchData(5000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Match(orgs, clients, saved)
	}
}

func BenchmarkNormalize(b *testing.B) {
	names := []string{"Northwind Traders", "Fabrikam, Inc.", "Müller Straßenbau GmbH", "Smith & Jones L.L.C."}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Normalize(names[i%len(names)])
	}
}
