package halotest_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"halowiz/halo/halotest"
)

// A test starts the scenario it needs and points the code under test at
// srv.URL with srv.Client(); the hostname is the real one.
func ExampleStart() {
	sc, _ := halotest.Lookup("mandatory-fields")
	srv, err := halotest.Start(sc)
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	resp, err := srv.Client().Get(srv.URL + "/api/authinfo")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var info struct {
		AuthURL  string `json:"auth_url"`
		TenantID string `json:"tenant_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode == http.StatusOK, info.AuthURL, info.TenantID)
	fmt.Println(sc.Provokes)
	// Output:
	// true https://acme.halopsa.com/auth acme
	// [mapping.mandatory-fields ticket.mandatory-fields]
}
