"""Lookup files the user imports: postcode directory, deprivation (IMD), LSOA 2011→2021, postcode→decile and the
population profile; and the area (LSOA, IMD decile) of each group and person worked out from them."""
