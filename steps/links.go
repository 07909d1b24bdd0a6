package steps

import (
	"strings"

	"halowiz/halo"
)

// haloPages are the Halo pages whose address under the tenant's host is
// known for certain, by the menu path fixes name them with. Halo's web app
// keeps its configuration under /config; of its pages only the HaloPSA API
// page's address is confirmed (the setup guides of several integrations
// give https://<tenant>.halopsa.com/config/integrations/api), so the others
// keep their menu paths rather than a guessed address.
var haloPages = []struct{ path, address string }{
	{apiDetailsPath, "/config/integrations/api"},
}

// HaloPageURL is the address, on the tenant's own host, of the Halo page
// text names by its menu path; "" when it names none whose address is
// known, or host is not a halopsa.com name (a custom domain's pages are
// not Halo's to promise).
func HaloPageURL(host, text string) string {
	if host == "" || !halo.IsHaloHosted(host) {
		return ""
	}
	for _, p := range haloPages {
		if strings.Contains(text, p.path) {
			return "https://" + host + p.address
		}
	}
	return ""
}
